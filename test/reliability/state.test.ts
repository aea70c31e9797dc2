// Snapshots, the state document and --initial-state against the real CLI,
// across a clean stop, a restart and a kill -9.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allFlags, stored, tempDir } from '../helpers.js'
import { runCli, startCli } from '../mock-process.js'

const body = (url: string) => ({ urls: [url], active: 1, ...allFlags(0), record: 1 })
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'))

async function call(url: string, method: string, path: string, payload?: unknown) {
  const res = await fetch(`${url}/__mock${path}`, {
    method,
    headers: payload === undefined ? {} : { 'content-type': 'application/json' },
    body: payload === undefined ? null : JSON.stringify(payload),
  })
  return { status: res.status, body: await res.json() }
}

async function kill9(mock: Awaited<ReturnType<typeof startCli>>) {
  mock.child.kill('SIGKILL')
  expect((await mock.exited).signal).toBe('SIGKILL')
}

const document = {
  version: 1,
  locations: {
    '1': stored(body('https://one.example/h')),
    '2': stored(body('https://two.example/h')),
  },
}

describe('the state across restarts of the CLI', () => {
  it('--initial-state loads into a new data file, a restore survives kill -9, a reset returns to the document', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const initial = join(dir, 'initial.json')
    await writeFile(initial, JSON.stringify(document))
    const args = ['--port', '0', '--data', file, '--initial-state', initial]

    const first = await startCli(args)
    expect(await call(first.url, 'GET', '/state')).toEqual({ status: 200, body: document })
    await call(first.url, 'PUT', '/locations/3/settings', body('https://three.example/h'))
    expect((await call(first.url, 'POST', '/snapshots', { name: 'three' })).status).toBe(201)
    await call(first.url, 'PUT', '/locations/4/settings', body('https://four.example/h'))
    await call(first.url, 'DELETE', '/locations/1')
    await call(first.url, 'PUT', '/locations/1/settings', body('https://changed.example/h'))
    expect((await call(first.url, 'POST', '/snapshots/three/restore')).status).toBe(200)
    const restored = {
      version: 1,
      locations: { ...document.locations, '3': stored(body('https://three.example/h')) },
    }
    expect(await call(first.url, 'GET', '/state')).toEqual({ status: 200, body: restored })
    // Killed at once: the restore is in the log only, not yet compacted into the file.
    await kill9(first)

    // The data file exists: the start keeps what was left, not the document.
    const second = await startCli(args)
    expect(await call(second.url, 'GET', '/state')).toEqual({ status: 200, body: restored })
    await call(second.url, 'POST', '/reset')
    expect(await call(second.url, 'GET', '/state')).toEqual({ status: 200, body: document })
    second.child.kill('SIGTERM')
    expect((await second.exited).code).toBe(0)
    const { version: _v, ...onDisk } = document
    expect(await readJson(file)).toEqual(onDisk)
  })

  it('PUT /__mock/state survives kill -9; INITIAL_STATE_FILE does what --initial-state does', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const initial = join(dir, 'initial.json')
    await writeFile(initial, JSON.stringify(document))
    const first = await startCli(['--port', '0', '--data', file], { INITIAL_STATE_FILE: initial })
    expect(await call(first.url, 'GET', '/state')).toEqual({ status: 200, body: document })
    const imported = { version: 1, locations: { '9': stored(body('https://nine.example/h')) } }
    expect(await call(first.url, 'PUT', '/state', imported)).toEqual({
      status: 200,
      body: {
        success: true,
        data: {
          entries: {
            locations: 1,
            applications: 0,
            installations: 0,
            clients: 0,
            voip_integrations: 0,
            voip_calls: 0,
          },
        },
        meta: [],
      },
    })
    await kill9(first)
    const second = await startCli(['--port', '0', '--data', file])
    expect(await call(second.url, 'GET', '/state')).toEqual({ status: 200, body: imported })
    second.child.kill('SIGTERM')
    await second.exited
    expect(await readJson(file)).toEqual({ locations: imported.locations })
  })

  it('refuses a bad --initial-state file at start, naming it, exit 2', async () => {
    const dir = await tempDir()
    const initial = join(dir, 'initial.json')
    await writeFile(initial, JSON.stringify({ version: 3, locations: {} }))
    const { code, stdout, stderr } = await runCli([
      '--port',
      '0',
      '--data',
      join(dir, 'db.json'),
      '--initial-state',
      initial,
    ])
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `altegio-hooks-mock: --initial-state ${initial}: its "version" is 3, and this mock reads version 1 (GET /__mock/state writes it). Give a document as GET /__mock/state answers it, e.g. {"version": 1, "locations": {}}.\n`,
    })
  })
})
