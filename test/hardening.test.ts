// What an adversarial run found, each against the real process (set
// ALTEGIO_MOCK_CLI to run them against another build).
import { execFileSync } from 'node:child_process'
import { chmod, lstat, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fullBody, HEADERS, parseWarnings, tempDir } from './helpers.js'
import { runCli, startCli } from './mock-process.js'
import { exchange, parseAnswer, rawSocket } from './raw-http.js'

const JSON_HEADERS = { ...HEADERS, 'content-type': 'application/json' }
const envelope = (message: string) => ({ success: false, data: null, meta: { message } })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts the CLI on `data`, saves location `id`, and stops it with SIGTERM (exit 0). */
async function saveAndStop(data: string, id: number): Promise<void> {
  const mock = await startCli(['--port', '0', '--data', data])
  const res = await fetch(`${mock.url}/api/v1/hooks_settings/${id}`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(fullBody()),
  })
  expect(res.status).toBe(201)
  mock.child.kill('SIGTERM')
  expect((await mock.exited).code).toBe(0)
}

describe('answers a client can read', () => {
  it('keeps X-Mock-Warnings under 4 KiB for huge warnings; the request journal has them whole', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:'])
    const urls = Array.from({ length: 10 }, (_, i) => `http://h${i}.example/${'a'.repeat(2020)}`)
    const unknown = Array.from({ length: 2000 }, (_, i) => `unknown_field_${i}`)
    const body = {
      urls,
      active: 1,
      ...Object.fromEntries(unknown.map((name) => [name, 1])),
      ['x'.repeat(20_000)]: 1,
    }
    const res = await fetch(`${mock.url}/api/v1/hooks_settings/7`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(201)
    const header = res.headers.get('x-mock-warnings') ?? ''
    expect(header.length).toBeLessThanOrEqual(4096)
    const shown = parseWarnings(header)
    expect(shown.map((w) => w.split(':')[0])).toEqual([
      'unknown-fields',
      'omitted-flags',
      'plain-http-url',
    ])
    for (const warning of shown) expect(warning.length).toBeLessThanOrEqual(512)
    expect(shown[0]).toMatch(
      /^unknown-fields: ignored fields that are not in the contract: .*\.\.\.$/,
    )
    const journal = (await (await fetch(`${mock.url}/__mock/requests?location_id=7`)).json()) as {
      data: { warnings: string[] }[]
    }
    const whole = journal.data[0]?.warnings ?? []
    expect(whole[0]).toBe(
      `unknown-fields: ignored fields that are not in the contract: ${[...unknown, 'x'.repeat(20_000)].join(', ')}`,
    )
    expect(whole[2]).toBe(
      `plain-http-url: plain http URL(s) ${urls.join(', ')}; receivers in production should use https`,
    )
  })

  it('answers what the HTTP parser refuses in the Altegio envelope', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:'])
    const badHeader = await exchange(
      mock.url,
      'GET /api/v1/hooks_settings/1 HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n',
    )
    expect(badHeader.status).toBe(400)
    expect(JSON.parse(badHeader.body)).toEqual(
      envelope(
        'The request is not valid HTTP (HPE_INVALID_HEADER_TOKEN: Parse Error: Invalid header value char): check the request line and headers (no control characters, one Content-Length).',
      ),
    )
    expect(badHeader.headers['content-type']).toBe('application/json; charset=utf-8')
    const smuggled = await exchange(
      mock.url,
      'POST /api/v1/hooks_settings/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    )
    expect(smuggled.status).toBe(400)
    expect(JSON.parse(smuggled.body)).toEqual(
      envelope(
        'The request has both Content-Length and Transfer-Encoding: chunked; send one of them.',
      ),
    )
    const huge = await exchange(
      mock.url,
      `GET /api/v1/hooks_settings/1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    )
    expect(huge.status).toBe(431)
    expect(JSON.parse(huge.body)).toEqual(
      envelope(
        'The request headers are larger than the mock accepts (16 KiB in all): send fewer or smaller headers.',
      ),
    )
  })

  it('answers a path too long, or badly encoded, in the envelope, on both surfaces', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:'])
    const long = '1'.repeat(101)
    for (const path of [`/api/v1/hooks_settings/${long}`, `/__mock/locations/${long}/settings`]) {
      const res = await fetch(`${mock.url}${path}`, { headers: HEADERS })
      expect(res.status).toBe(414)
      expect(await res.json()).toEqual(
        envelope(
          'A path segment is longer than 100 characters. Location and other ids are positive integers of at most 15 digits, e.g. /api/v1/hooks_settings/123456.',
        ),
      )
    }
    const bad = await exchange(
      mock.url,
      'GET /api/v1/hooks_settings/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    )
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toEqual(
      envelope(
        'The path "/api/v1/hooks_settings/%E0%A4%A" is not a valid URL (bad percent-encoding); encode reserved characters as %XX.',
      ),
    )
  })

  it('answers 408 in the envelope to a request that does not arrive in time (--request-timeout-ms)', async () => {
    const mock = await startCli([
      '--port',
      '0',
      '--data',
      ':memory:',
      '--request-timeout-ms',
      '1000',
      '--headers-timeout-ms',
      '1000',
    ])
    const socket = await rawSocket(mock.url)
    const answer = new Promise<string>((resolve) => {
      let received = ''
      socket.on('data', (chunk) => {
        received += chunk
      })
      socket.on('close', () => resolve(received))
    })
    socket.write(
      `POST /api/v1/hooks_settings/1 HTTP/1.1\r\nHost: x\r\nAuthorization: ${HEADERS.authorization}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"urls"`,
    )
    const res = parseAnswer(await answer)
    expect(res.status).toBe(408)
    expect(JSON.parse(res.body)).toEqual(
      envelope(
        'The request was not received in full within 1000 ms (--request-timeout-ms): send the whole request at once.',
      ),
    )
  })
})

describe('a prompt shutdown', () => {
  it('ends a pending wait with 409 at once, cuts a slow body, and exits 0 within 2 s', async () => {
    const file = join(await tempDir(), 'db.json')
    const mock = await startCli(['--port', '0', '--data', file])
    const saved = await fetch(`${mock.url}/api/v1/hooks_settings/3`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(fullBody()),
    })
    expect(saved.status).toBe(201)
    const waiting = fetch(`${mock.url}/__mock/deliveries/wait`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ location_id: 1, timeout_ms: 30_000 }),
    })
    const slow = await rawSocket(mock.url)
    slow.on('error', () => {})
    slow.write(
      `POST /api/v1/hooks_settings/1 HTTP/1.1\r\nHost: x\r\nAuthorization: ${HEADERS.authorization}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"urls"`,
    )
    await sleep(300)
    const started = Date.now()
    mock.child.kill('SIGTERM')
    const res = await waiting
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual(envelope('Wait ended: the mock is stopping.'))
    expect(Date.now() - started).toBeLessThan(1000)
    expect((await mock.exited).code).toBe(0)
    expect(Date.now() - started).toBeLessThan(2000)
    // Every acknowledged write is in the file.
    const stored = JSON.parse(await readFile(file, 'utf8'))
    expect(Object.keys(stored.locations)).toEqual(['3'])
  })
})

describe('ids are exact', () => {
  it('refuses a resource_id that JSON cannot carry exactly', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:'])
    for (const id of ['1e20', '9007199254740993', '1e308']) {
      const res = await fetch(`${mock.url}/__mock/locations/1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"resource": "record", "status": "create", "resource_id": ${id}}`,
      })
      expect(res.status).toBe(422)
      const got = ((await res.json()) as { meta: { errors: Record<string, string[]> } }).meta.errors
        .resource_id
      expect(got).toEqual([
        `resource_id must be a positive integer up to 999999999999999, the id of the entity that changed, got ${JSON.stringify(JSON.parse(id))}.`,
      ])
    }
  })
})

describe('the data file, as it is on disk', () => {
  it('writes through a symlink to its target and keeps the file mode', async () => {
    const dir = await tempDir()
    const target = join(dir, 'real', 'target.json')
    await mkdir(join(dir, 'real'))
    await writeFile(target, '{"locations": {}}')
    await chmod(target, 0o600)
    const link = join(dir, 'db.json')
    await symlink(target, link)
    await saveAndStop(link, 5)
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    expect(Object.keys(JSON.parse(await readFile(target, 'utf8')).locations)).toEqual(['5'])
    expect((await stat(target)).mode & 0o777).toBe(0o600)
  })

  it('refuses what it cannot keep data in, with one line naming the file, exit 2', async () => {
    const dir = await tempDir()
    const cases: [string, () => Promise<void>, string][] = [
      [
        join(dir, 'folder'),
        () => mkdir(join(dir, 'folder')),
        `it is a folder. Give --data a file path inside it, e.g. --data ${join(dir, 'folder', 'db.json')}.`,
      ],
      [
        join(dir, 'fifo.json'),
        async () => {
          execFileSync('mkfifo', [join(dir, 'fifo.json')])
        },
        'it is not a regular file (a FIFO). Give --data the path of a regular file, or :memory:.',
      ],
      [
        join(dir, 'readonly.json'),
        async () => {
          await writeFile(join(dir, 'readonly.json'), '{"locations": {}}')
          await chmod(join(dir, 'readonly.json'), 0o444)
        },
        `it is read-only (mode 0444). The mock writes every change to it: make it writable (chmod u+w ${join(dir, 'readonly.json')}), or start with --data pointing to another file.`,
      ],
    ]
    for (const [file, make, problem] of cases) {
      await make()
      const { code, stdout, stderr } = await runCli(['--port', '0', '--data', file])
      expect({ code, stdout, stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: `altegio-hooks-mock: Cannot use the data file ${file}: ${problem}\n`,
      })
    }
    const proc = await runCli(['--port', '0', '--data', '/proc/self/db.json'])
    expect(proc.code).toBe(2)
    expect(proc.stderr).toMatch(
      /^altegio-hooks-mock: Cannot use the data file \/proc\/\d+\/db\.json: it is under \/proc, a virtual file system that cannot keep data\. Give --data a path on a disk, or :memory:\.\n$/,
    )
  })

  it('keeps its data in /dev/shm, a tmpfs that holds files, unlike the rest of /dev', async () => {
    const dir = join('/dev/shm', `altegio-hooks-mock-${process.pid}-${Date.now()}`)
    await mkdir(dir)
    try {
      const file = join(dir, 'db.json')
      await saveAndStop(file, 3)
      expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).locations)).toEqual(['3'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('names a folder where its log or lock should be, exit 2', async () => {
    for (const beside of ['.wal', '.lock']) {
      const file = join(await tempDir(), 'db.json')
      await mkdir(`${file}${beside}`)
      const { code, stderr } = await runCli(['--port', '0', '--data', file])
      expect({ code, stderr }).toEqual({
        code: 2,
        stderr: `altegio-hooks-mock: Cannot use the data file ${file}${beside}: it is a folder. Remove or rename that folder, or start with --data pointing to another file.\n`,
      })
    }
  })
})

describe('JSON keys', () => {
  it('takes a "constructor" key as an unknown field and refuses constructor.prototype', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:'])
    const post = (body: string) =>
      fetch(`${mock.url}/api/v1/hooks_settings/1`, { method: 'POST', headers: JSON_HEADERS, body })
    const plain = await post(JSON.stringify({ ...fullBody(), constructor: 1 }))
    expect(plain.status).toBe(201)
    expect(parseWarnings(plain.headers.get('x-mock-warnings') ?? undefined)).toEqual([
      'unknown-fields: ignored fields that are not in the contract: constructor',
    ])
    const poisoned = await post(
      `{"urls": ["https://a.example/"], "active": 1, "constructor": {"prototype": {}}}`,
    )
    expect(poisoned.status).toBe(400)
  })
})

describe('files given at start that are not files', () => {
  const FIFO = 'it is not a regular file (a FIFO)'

  it('refuses a FIFO as --faults, --applications, or beside the data file, exit 2 at once', async () => {
    const dir = await tempDir()
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const data = join(dir, 'db.json')
    const cases: [string[], string][] = [
      [
        ['--faults', fifo],
        `--faults ${fifo}: ${FIFO}. Give a JSON array of faults, e.g. [{"status": 503, "times": 2}].`,
      ],
      [
        ['--applications', fifo],
        `--applications ${fifo}: ${FIFO}. Give the path of a JSON list such as [{"application_id": 7, "partner_token": "...", "callback_url": "https://..."}].`,
      ],
    ]
    for (const beside of ['.wal', '.wal.compacting', '.journal', '.lock']) {
      const file = join(await tempDir(), 'db.json')
      execFileSync('mkfifo', [`${file}${beside}`])
      cases.push([
        ['--data', file],
        `Cannot use the data file ${file}${beside}: ${FIFO}. Remove it, or start with --data pointing to another file.`,
      ])
    }
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(
        ['--port', '0', '--data', data, ...args],
        {},
        3000,
      )
      expect({ code, stdout, stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: `altegio-hooks-mock: ${message}\n`,
      })
    }
  })

  it('refuses more --applications than the mock keeps, in one line, exit 2', async () => {
    const dir = await tempDir()
    const file = join(dir, 'apps.json')
    const apps = Array.from({ length: 101 }, (_, i) => ({
      application_id: i + 1,
      partner_token: `token-${i + 1}`,
    }))
    await writeFile(file, JSON.stringify(apps))
    const data = join(dir, 'db.json')
    const { code, stdout, stderr } = await runCli([
      '--port',
      '0',
      '--data',
      data,
      '--applications',
      file,
    ])
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `altegio-hooks-mock: --applications ${file}: it lists 101 applications, and the mock keeps at most 100. List at most 100 in it, and register others after removing some (DELETE /__mock/applications/{id}).\n`,
    })
  })
})
