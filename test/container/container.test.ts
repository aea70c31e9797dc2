import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectedSettings, fullBody, HEADERS } from '../helpers.js'
import { type Engine, engineNamed } from './engine.js'

// Built once for every container test file (global-setup.ts).
const IMAGE = inject('image')
const VOLUME = `altegio-hooks-mock-test-${randomBytes(4).toString('hex')}`
let engine: Engine
const containers: string[] = []

/** Runs the image with port 8080 published; resolves once the mock answers. */
async function startContainer(
  mock: string[] = [],
  volume = ['-v', `${VOLUME}:/data`],
): Promise<{ id: string; url: string }> {
  const id = await engine.run(['run', '-d', '-p', '127.0.0.1::8080', ...volume, IMAGE, ...mock])
  containers.push(id)
  const mapping = await engine.run(['port', id, '8080'])
  const url = `http://${mapping.split('\n')[0]?.replace('0.0.0.0', '127.0.0.1')}`
  // Poll health: the container is up when the mock answers.
  const deadline = Date.now() + 20_000
  for (;;) {
    try {
      const res = await fetch(`${url}/__mock/health`)
      if (res.status === 200) return { id, url }
    } catch {}
    if (Date.now() > deadline)
      throw new Error(`no health from ${url}: ${await engine.run(['logs', id])}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** SIGTERM, then the time until the container has exited, and its exit code. */
async function stopWithSigterm(id: string): Promise<{ ms: number; exitCode: number }> {
  const started = Date.now()
  await engine.run(['kill', '--signal', 'SIGTERM', id])
  const exitCode = Number(await engine.run(['wait', id]))
  return { ms: Date.now() - started, exitCode }
}

beforeAll(async () => {
  engine = engineNamed(inject('engine'))
  await engine.run(['volume', 'create', VOLUME])
})

afterAll(async () => {
  for (const id of containers) await engine?.run(['rm', '-f', id]).catch(() => {})
  await engine?.run(['volume', 'rm', '-f', VOLUME]).catch(() => {})
})

describe('the Docker image', () => {
  it('runs as the non-root node user with the data file in /data', async () => {
    const [image] = JSON.parse(await engine.run(['image', 'inspect', IMAGE]))
    const config = image.Config
    expect(config.User).toBe('node')
    expect(config.Env).toEqual(
      expect.arrayContaining([
        'HOST=0.0.0.0',
        'PORT=8080',
        'DATA_FILE=/data/db.json',
        'NODE_ENV=production',
      ]),
    )
    expect(Object.keys(config.Volumes)).toEqual(['/data'])
    expect(Object.keys(config.ExposedPorts)).toEqual(['8080/tcp'])
    // docker keeps it under Config, podman beside it.
    expect((config.Healthcheck ?? image.Healthcheck).Test).toEqual([
      'CMD',
      'node',
      '/app/dist/altegio-hooks-mock-healthcheck.js',
    ])
    const size = Number(await engine.run(['image', 'inspect', IMAGE, '--format', '{{.Size}}']))
    console.log(`image ${IMAGE}: ${(size / 1e6).toFixed(0)} MB`)
    // Compiled JavaScript only: the CLI bundle, no node_modules, no TypeScript.
    const listing = await engine.run([
      'run',
      '--rm',
      '--entrypoint',
      'ls',
      IMAGE,
      '-A',
      '/app',
      '/app/dist',
    ])
    expect(listing.split('\n')).toEqual([
      '/app:',
      'dist',
      'package.json',
      '',
      '/app/dist:',
      'altegio-hooks-mock-healthcheck.js',
      'altegio-hooks-mock.js',
      'compaction-worker.js',
      'dashboard',
      'dictionaries-data.js',
      'docs-app.js',
      'fast-json-stringify.cjs',
      'light-my-request.cjs',
      'swagger-ui',
      'upstream-client.js',
      'webhook-worker.js',
    ])
  })

  it('keeps settings across a restart on the same volume, turns healthy, and exits 0 on SIGTERM within 2 s', async () => {
    const first = await startContainer()
    const body = fullBody(['https://receiver.example/hooks'], { record: 1, client: 1 })
    const post = await fetch(`${first.url}/api/v1/hooks_settings/4242`, {
      method: 'POST',
      headers: { ...HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(post.status).toBe(201)
    expect(await post.json()).toEqual({
      success: true,
      data: expectedSettings(body, 4242),
      meta: [],
    })
    const firstStop = await stopWithSigterm(first.id)
    expect(firstStop.exitCode).toBe(0)

    const second = await startContainer()
    const get = await fetch(`${second.url}/api/v1/hooks_settings/4242`, { headers: HEADERS })
    expect(get.status).toBe(200)
    expect(await get.json()).toEqual({
      success: true,
      data: expectedSettings(body, 4242),
      meta: [],
    })

    // The image's own HEALTHCHECK command, run by the engine.
    if (engine.name === 'podman') {
      await expect(engine.run(['healthcheck', 'run', second.id])).resolves.toBeDefined()
    }
    await expect
      .poll(() => engine.run(['inspect', second.id, '--format', '{{.State.Health.Status}}']), {
        timeout: 60_000,
        interval: 1000,
      })
      .toBe('healthy')

    const stop = await stopWithSigterm(second.id)
    expect(stop.exitCode).toBe(0)
    expect(stop.ms).toBeLessThan(2000)
  })

  it('merges a data file past 500 locations in its compaction process, at the lowest priority', async () => {
    const volume = `${VOLUME}-merge`
    await engine.run(['volume', 'create', volume])
    const { id, url } = await startContainer([], ['-v', `${volume}:/data`])
    const settings = (n: number) => fullBody([`https://receiver.example/${n}`], { record: 1 })
    for (let n = 1; n <= 600; n++) {
      const res = await fetch(`${url}/__mock/locations/${n}/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(settings(n)),
      })
      expect(res.status).toBe(200)
    }
    // Inside the container: the locations db.json holds, and each merger's threads' niceness.
    const look = `
      const fs = require('node:fs')
      // Not this script, whose own command line names it.
      const others = fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p) && p !== String(process.pid))
      const mergers = others.filter((p) => {
        try { return fs.readFileSync('/proc/' + p + '/cmdline', 'utf8').includes('compaction-worker') } catch { return false }
      })
      const nice = (p) => fs.readdirSync('/proc/' + p + '/task').map((t) => {
        const stat = fs.readFileSync('/proc/' + p + '/task/' + t + '/stat', 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
      })
      const stored = Object.keys(JSON.parse(fs.readFileSync('/data/db.json', 'utf8')).locations).length
      console.log(JSON.stringify({ stored, niceness: mergers.map(nice), files: fs.readdirSync('/data').sort() }))`
    const inside = async () =>
      JSON.parse(await engine.run(['exec', id, 'node', '-e', look])) as {
        stored: number
        niceness: number[][]
        files: string[]
      }
    // Half a second after the last write the merge starts; its process stays 2 s after.
    await expect.poll(async () => (await inside()).stored, { timeout: 20_000 }).toBe(600)
    const { niceness, files } = await inside()
    expect(niceness).toHaveLength(1)
    expect(new Set(niceness[0])).toEqual(new Set([19]))
    expect(files).toEqual(['db.json', 'db.json.lock', 'db.json.wal'])
    expect((await stopWithSigterm(id)).exitCode).toBe(0)
    await engine.run(['volume', 'rm', '-f', volume]).catch(() => {})
  })

  it('sends webhooks from its delivery thread', async () => {
    const { url } = await startContainer(['--data', ':memory:', '--delivery-retries', '0'], [])
    const json = { 'content-type': 'application/json' }
    // Nothing listens on port 9 inside the container: the attempt is refused.
    const seeded = await fetch(`${url}/__mock/locations/7/settings`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify(fullBody(['http://127.0.0.1:9/hooks'], { record: 1 })),
    })
    expect(seeded.status).toBe(200)
    const triggered = await fetch(`${url}/__mock/locations/7/events`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ resource: 'record', status: 'create', resource_id: 1 }),
    })
    expect(triggered.status).toBe(202)
    const waited = await fetch(`${url}/__mock/deliveries/wait`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ location_id: 7, timeout_ms: 10_000 }),
    })
    expect(waited.status).toBe(200)
    const { data } = (await waited.json()) as {
      data: { state: string; attempts: { error: string | null }[] }[]
    }
    expect(data.map((d) => [d.state, d.attempts.map((a) => a.error)])).toEqual([
      ['failed', ['connection refused']],
    ])
  })

  it('serves the OpenAPI documents and the docs page from the image, no CDN', async () => {
    const { url } = await startContainer(['--data', ':memory:'], [])
    const altegio = await fetch(`${url}/__mock/altegio-openapi.json`)
    expect(altegio.status).toBe(200)
    expect(((await altegio.json()) as { openapi: string }).openapi).toBe('3.1.0')
    const page = await fetch(`${url}/__mock/docs/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('swagger-ui-bundle.js')
    const bundle = await fetch(`${url}/__mock/docs/static/swagger-ui-bundle.js`)
    expect(bundle.status).toBe(200)
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000)
  })

  it('checks health on the port given as a flag', async () => {
    const id = await engine.run(['run', '-d', IMAGE, '--port', '9191', '--data', ':memory:'])
    containers.push(id)
    if (engine.name === 'podman') {
      await expect
        .poll(
          () =>
            engine.run(['healthcheck', 'run', id]).then(
              () => 'healthy',
              () => 'unhealthy',
            ),
          {
            timeout: 20_000,
            interval: 500,
          },
        )
        .toBe('healthy')
    } else {
      await expect
        .poll(() => engine.run(['inspect', id, '--format', '{{.State.Health.Status}}']), {
          timeout: 60_000,
        })
        .toBe('healthy')
    }
  })
})
