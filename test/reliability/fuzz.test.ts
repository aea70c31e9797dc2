import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { fullBody, HEADERS, tempDir } from '../helpers.js'
import { startCli } from '../mock-process.js'

/**
 * Generated bad input against the real process: every answer must be a 4xx
 * in the Altegio envelope (never a 5xx, never a hang), the process must stay
 * up, and the data file must not change by a byte.
 */

const AUTH = HEADERS.authorization
const ids = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', 'abc', '00', '9'.repeat(16), '%00', '%2F..%2F', '1e3', ' 1'),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
)
const jsonValue = fc.jsonValue({ maxDepth: 4 })
/** Bodies that look a little like settings but are never valid. */
const nearMiss = fc.record(
  {
    urls: fc.oneof(
      fc.constant([]),
      fc.array(fc.webUrl({ validSchemes: ['ftp', 'file', 'ws'] }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.string(), { minLength: 1, maxLength: 12 }),
      fc.array(fc.webUrl(), { minLength: 11, maxLength: 14 }),
      jsonValue,
    ),
    active: fc.oneof(fc.integer({ min: 2 }), fc.constantFrom('1', true, null, 0.5, -1)),
    record: fc.oneof(fc.constant(1), fc.string(), fc.integer()),
    __proto__: fc.constant({ polluted: true }),
  },
  { requiredKeys: ['active'] },
)
const deep = fc.integer({ min: 200, max: 5000 }).map((n) => `${'['.repeat(n)}1${']'.repeat(n)}`)
const huge = fc
  .integer({ min: 1_100_000, max: 2_000_000 })
  .map((n) => `{"urls": ["https://a.example/"], "active": 1, "pad": "${'x'.repeat(n)}"}`)
const protoBodies = fc.constantFrom(
  '{"__proto__": {"admin": true}, "urls": ["https://a.example/"], "active": 1}',
  '{"constructor": {"prototype": {"admin": true}}, "urls": ["https://a.example/"], "active": 1}',
  '{"urls": ["https://a.example/"], "active": 1, "a": {"__proto__": {"x": 1}}}',
)
const invalidUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 64 })
  .map((bytes) =>
    Buffer.concat([
      Buffer.from('{"urls": ["https://a.example/'),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from(bytes),
      Buffer.from('"], "active": 1}'),
    ]),
  )

type Input = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  headers: Record<string, string>
  body?: string | Buffer
}

const inputs: fc.Arbitrary<Input> = fc.oneof(
  // Bad auth with anything else.
  fc.record({
    method: fc.constantFrom('GET', 'POST'),
    path: fc.constant('/api/v1/hooks_settings/1'),
    headers: fc.record({
      authorization: fc.oneof(
        fc.constantFrom('', 'Bearer x', 'Basic abc', 'Bearer , User ', 'User u, Bearer p'),
        fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
      ),
      'content-type': fc.constant('application/json'),
    }),
    body: jsonValue.map((v) => JSON.stringify(v) ?? 'null'),
  }),
  // Valid auth, invalid ids.
  fc.record({
    method: fc.constantFrom('GET', 'POST'),
    path: ids.map((id) => `/api/v1/hooks_settings/${id}`),
    headers: fc.constant({ authorization: AUTH, 'content-type': 'application/json' }),
    body: fc.constant(JSON.stringify(fullBody())),
  }),
  // Valid auth, bodies that are not settings.
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/api/v1/hooks_settings/2'),
    headers: fc.constant({ authorization: AUTH, 'content-type': 'application/json' }),
    body: fc.oneof(
      jsonValue.map((v) => JSON.stringify(v) ?? 'null'),
      nearMiss.map((v) => JSON.stringify(v)),
      fc.string(),
      deep,
      huge,
      protoBodies,
    ),
  }),
  // Valid auth, wrong content types and bytes.
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/api/v1/hooks_settings/3'),
    headers: fc.record({
      authorization: fc.constant(AUTH),
      'content-type': fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/jsonx',
      ),
    }),
    body: fc.string(),
  }),
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/api/v1/hooks_settings/4'),
    headers: fc.constant({ authorization: AUTH, 'content-type': 'application/json' }),
    body: invalidUtf8,
  }),
  // The control surface: bad seeds, events and filters.
  fc
    .record({
      method: fc.constantFrom('PUT', 'POST'),
      path: fc.constantFrom(
        '/__mock/locations/5/settings',
        '/__mock/locations/5/events',
        '/__mock/locations/0/events',
        '/__mock/locations/5/events/batch',
        '/__mock/deliveries/wait',
      ),
      headers: fc.constant({ 'content-type': 'application/json' }),
      body: fc.oneof(
        jsonValue.map((v) => JSON.stringify(v) ?? 'null'),
        nearMiss.map((v) => JSON.stringify(v)),
        protoBodies,
      ),
    })
    .filter(
      (i) =>
        !(i.method === 'PUT' && !i.path.endsWith('/settings')) &&
        !(i.method === 'POST' && i.path.endsWith('/settings')),
    ),
  fc.record({
    method: fc.constant('GET'),
    path: fc
      .string({ maxLength: 30 })
      .map(
        (q) =>
          `/__mock/deliveries?location_id=${encodeURIComponent(q)}&state=x${encodeURIComponent(q)}`,
      ),
    headers: fc.constant({}),
  }),
)

describe('generated bad input', () => {
  it('always gets a 4xx in the Altegio envelope, and the data file stays byte for byte', async () => {
    const file = join(await tempDir(), 'db.json')
    const mock = await startCli(['--port', '0', '--data', file, '--log-level', 'silent'])
    // Something to protect: a saved location.
    const seed = await fetch(`${mock.url}/api/v1/hooks_settings/1`, {
      method: 'POST',
      headers: { ...HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(fullBody()),
    })
    expect(seed.status).toBe(201)
    await fetch(`${mock.url}/__mock/health`) // settle
    await new Promise((resolve) => setTimeout(resolve, 800)) // the idle compaction
    // As text: comparing a 1 MiB Buffer byte by byte takes vitest seconds.
    const before = (await readFile(file)).toString('base64')
    const logBefore = (await readFile(`${file}.wal`)).toString('base64')

    let runs = 0
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        runs++
        const size = input.body === undefined ? 0 : Buffer.byteLength(input.body)
        let res: Awaited<ReturnType<typeof request>>
        try {
          res = await request(`${mock.url}${input.path}`, {
            method: input.method,
            headers: input.headers,
            body: input.method === 'GET' ? undefined : input.body,
            headersTimeout: 5000,
            bodyTimeout: 5000,
          })
        } catch (error) {
          // Over the body limit the server answers 413 and closes the
          // connection, which may cut the upload before the client reads
          // the answer (the 413 envelope itself is asserted in errors.test.ts).
          const code = (error as NodeJS.ErrnoException).code ?? ''
          if (size > 1024 * 1024 && ['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(code)) {
            statuses.set(413, (statuses.get(413) ?? 0) + 1)
            return
          }
          throw error
        }
        const text = await res.body.text()
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
        expect(
          res.statusCode,
          `${input.method} ${input.path} -> ${text.slice(0, 200)}`,
        ).toBeGreaterThanOrEqual(400)
        expect(
          res.statusCode,
          `${input.method} ${input.path} -> ${text.slice(0, 200)}`,
        ).toBeLessThan(500)
        const body = JSON.parse(text)
        expect(body).toMatchObject({
          success: false,
          data: null,
          meta: { message: expect.any(String) },
        })
      }),
      { numRuns: 600, seed: 20261128 },
    )
    console.log(
      `${runs} generated inputs; statuses: ${JSON.stringify(Object.fromEntries(statuses))}`,
    )
    expect(mock.child.exitCode).toBeNull()
    const health = await fetch(`${mock.url}/__mock/health`)
    expect(health.status).toBe(200)
    expect((await readFile(file)).toString('base64')).toEqual(before)
    expect((await readFile(`${file}.wal`)).toString('base64')).toEqual(logBefore)
  })
})
