import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HELP } from '../src/config/index.js'
import { resolveCli } from '../src/config/resolve.js'
import { DataFileError } from '../src/store/data-file.js'
import { Store } from '../src/store/store.js'
import { fullBody, HEADERS, stored, tempDir, testApp, V2 } from './helpers.js'
import { runCli, startCli } from './mock-process.js'

describe('the CLI', () => {
  it('prints every option with --help', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    expect(stdout).toBe(HELP)
    for (const name of [
      '--port',
      '--host',
      '--data',
      '--log-level',
      '--partner-token',
      '--user-token',
      '--user-access',
      '--body-limit',
    ]) {
      expect(stdout).toContain(name)
    }
  })

  it('rejects invalid values with a message naming the option, and exits 2', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [['--port', 'abc'], {}, '--port must be an integer from 0 to 65535, got "abc".'],
      [[], { PORT: '70000' }, 'PORT must be an integer from 0 to 65535, got "70000".'],
      [
        ['--log-level', 'loud'],
        {},
        '--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "loud".',
      ],
      [
        ['--user-access', 'u1=abc'],
        {},
        '--user-access must be TOKEN=ID,ID (location ids are positive integers), got "u1=abc".',
      ],
      [['--colour'], {}, "Unknown option '--colour'. Run with --help to see the options."],
      [
        ['--prot', '5'],
        {},
        "Unknown option '--prot'. Did you mean --port? Run with --help to see the options.",
      ],
      [['--seed', '-1'], {}, '--seed must be an integer from 0 to 2147483647, got "-1".'],
      [
        ['--port'],
        {},
        '--port needs a value: an integer from 0 to 65535. Run with --help to see the options.',
      ],
    ]
    for (const [args, env, message] of cases) {
      const { code, stderr, stdout } = await runCli(args, env)
      expect({ code, stderr, stdout }).toEqual({
        code: 2,
        stderr: `altegio-hooks-mock: ${message}\n`,
        stdout: '',
      })
    }
  })

  it('refuses to start on a corrupt data file, naming it, and leaves it untouched', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(file, '{"locations": [1, 2')
    const { code, stderr } = await runCli(['--port', '0', '--data', file])
    expect(code).toBe(2)
    expect(stderr).toMatch(
      new RegExp(
        `^altegio-hooks-mock: Cannot use the data file ${file}: it is not valid JSON \\(.+\\)\\. The mock left it untouched; fix it, move it away, or start with --data pointing to another file\\.\\n$`,
      ),
    )
    expect(await readFile(file, 'utf8')).toBe('{"locations": [1, 2')
  })

  it("finds a data file's first problem as the library does (the bundle's checker is compiled at build time)", async () => {
    const url = (extra: Record<string, unknown>) => ({
      url: 'https://a.example/',
      active: 1,
      ...extra,
    })
    const files = [
      { locations: { 1: { url_settings: [url({ url: 'ftp://a.example/' })] } } },
      { locations: { 1: { url_settings: [url({ record: 2 }), url({ url: 'x' })] } } },
      { locations: { 1: { url_settings: [url({ extra: 1 })] }, 2: { urls: 'x', active: 5 } } },
      { locations: { 1: { urls: ['https://a.example/'], active: 1.5 } } },
      { locations: { 1: [] } },
    ]
    for (const content of files) {
      const file = join(await tempDir(), 'db.json')
      await writeFile(file, JSON.stringify(content))
      const library = (await Store.open(file).catch((error: Error) => error)) as Error
      expect(library).toBeInstanceOf(DataFileError)
      expect(await runCli(['--port', '0', '--data', file])).toEqual({
        code: 2,
        stdout: '',
        stderr: `altegio-hooks-mock: ${library.message}\n`,
      })
    }
  })

  it('answers the dictionaries as the library does, the first request too (the bundle loads their data then)', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:', '--seed', '7'])
    const { app } = await testApp({ seed: 7 })
    const headers = { authorization: 'Bearer partner-token', accept: V2 }
    for (const url of [
      '/api/v1/cities?country_id=1&salon_id=3',
      '/api/v1/countries',
      '/api/v1/references/business_groups_with_types',
      '/api/v1/cities?country_id=999999',
      '/api/v1/cities',
    ]) {
      const res = await fetch(`${mock.url}${url}`, { headers })
      const library = await app.inject({ method: 'GET', url, headers })
      expect(library.statusCode, url).toBe(200)
      expect(
        {
          status: res.status,
          warnings: res.headers.get('x-mock-warnings'),
          body: await res.text(),
        },
        url,
      ).toEqual({
        status: library.statusCode,
        warnings: library.headers['x-mock-warnings'] ?? null,
        body: library.body,
      })
    }
  })

  it('refuses to share a data file with a running mock', async () => {
    const file = join(await tempDir(), 'db.json')
    const first = await startCli(['--port', '0', '--data', file])
    const { code, stderr } = await runCli(['--port', '0', '--data', file])
    expect(code).toBe(2)
    expect(stderr).toBe(
      `altegio-hooks-mock: Cannot use the data file ${file}: another altegio-hooks-mock (pid ${first.child.pid}) is using it (see ${file}.lock). Stop that one, or give each mock its own --data file, or :memory:.\n`,
    )
  })

  it('says which port is taken', async () => {
    const first = await startCli(['--port', '0', '--data', ':memory:'])
    const port = new URL(first.url).port
    const { code, stderr } = await runCli(['--port', port, '--data', ':memory:'])
    expect(code).toBe(1)
    expect(stderr).toContain(
      `listen EADDRINUSE: address already in use 127.0.0.1:${port}: another process listens there. Pick another with --port (or PORT), or 0 for any free port.`,
    )
  })

  it('listens on port 0, serves the API over real HTTP, and stops on SIGTERM with every write on disk', async () => {
    const file = join(await tempDir(), 'nested', 'db.json')
    const mock = await startCli(['--port', '0'], { DATA_FILE: file })
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(mock.stdout()).toContain(
      `altegio-hooks-mock listening on ${mock.url} (data file ${file})\n`,
    )

    const health = await fetch(`${mock.url}/__mock/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({
      success: true,
      data: { status: 'ok', locations: 0, data_file: file },
      meta: [],
    })

    const body = fullBody(['https://r.example/1'], { record: 1 })
    const posts = Array.from({ length: 20 }, (_, i) =>
      fetch(`${mock.url}/api/v1/hooks_settings/${i + 1}`, {
        method: 'POST',
        headers: { ...HEADERS, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    )
    expect((await Promise.all(posts)).map((r) => r.status)).toEqual(posts.map(() => 201))

    const started = Date.now()
    mock.child.kill('SIGTERM')
    const { code } = await mock.exited
    expect(code).toBe(0)
    expect(Date.now() - started).toBeLessThan(2000)
    const saved = JSON.parse(await readFile(file, 'utf8'))
    expect(Object.keys(saved.locations)).toHaveLength(20)
    expect(saved.locations['20']).toEqual(stored(body))
    // A clean stop leaves the data file alone: no log, no lock.
    expect(existsSync(`${file}.wal`)).toBe(false)
    expect(existsSync(`${file}.lock`)).toBe(false)
  })

  it('lets flags win over the environment', async () => {
    const dir = await tempDir()
    const mock = await startCli(['--port', '0', '--data', join(dir, 'flag.json')], {
      PORT: '1',
      DATA_FILE: join(dir, 'env.json'),
    })
    expect(mock.url).not.toBe('http://127.0.0.1:1')
    expect(mock.stdout()).toContain(`(data file ${join(dir, 'flag.json')})`)
  })

  it('enforces configured tokens and user locations from the environment', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:'], {
      PARTNER_TOKENS: 'p1,p2',
      USER_TOKENS: 'u1',
      USER_ACCESS: 'u1=5,6',
    })
    const get = (id: number, authorization: string) =>
      fetch(`${mock.url}/api/v1/hooks_settings/${id}`, { headers: { ...HEADERS, authorization } })
    expect((await get(5, 'Bearer p2, User u1')).status).toBe(200)
    expect((await get(7, 'Bearer p2, User u1')).status).toBe(403)
    expect((await get(5, 'Bearer p3, User u1')).status).toBe(401)
  })
})

describe('true/false flags', () => {
  it('reads a flag given alone as true, before another flag or at the end', () => {
    const checks = (argv: string[]) => {
      const request = resolveCli(argv, {})
      return request.kind === 'run' ? request.config.checkResponses : undefined
    }
    expect(checks(['--check-responses'])).toBe(true)
    expect(checks(['--check-responses', '--port', '0'])).toBe(true)
    expect(checks(['--check-responses', 'false'])).toBe(false)
    expect(checks([])).toBe(false)
  })
})

describe('a bad --faults file', () => {
  it('names, per fault, the key that is wrong and what to give, as POST /__mock/faults does; exit 2', async () => {
    const dir = await tempDir()
    const file = join(dir, 'faults.json')
    const bad = { statu: 503, headers: { 'Retry After': '2' } }
    await writeFile(file, JSON.stringify([{ status: 503 }, bad]))
    const { code, stdout, stderr } = await runCli([
      '--port',
      '0',
      '--data',
      ':memory:',
      '--faults',
      file,
    ])
    const why = [
      'statu is not a field here; remove it (fields: location_id, method, route, times, probability, kind, status, message, headers, delay_ms).',
      `headers name "Retry After" must be 1 to 64 characters of an RFC 9110 token: letters, digits and !#$%&'*+-.^_\`|~ (no spaces, colons or other characters).`,
    ]
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `altegio-hooks-mock: --faults ${file}: fault 1: ${why.join(' ')}\n`,
    })
    await writeFile(file, '[7]')
    const notAnObject = await runCli(['--port', '0', '--data', ':memory:', '--faults', file])
    expect({ code: notAnObject.code, stderr: notAnObject.stderr }).toEqual({
      code: 2,
      stderr: `altegio-hooks-mock: --faults ${file}: fault 0 must be a fault such as {"location_id": 123, "method": "POST", "times": 2, "status": 503}, got 7.\n`,
    })
    const { app } = await testApp()
    const route = await app.inject({ method: 'POST', url: '/__mock/faults', payload: bad })
    expect({ status: route.statusCode, errors: route.json().meta.errors }).toEqual({
      status: 422,
      errors: { statu: [why[0]], headers: [why[1]] },
    })
  })
})
