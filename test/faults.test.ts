import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../src/api/shared/rate-limit.js'
import type { WebhookRequest } from '../src/deliveries/webhook-client.js'
import {
  allFlags,
  fullBody,
  HEADERS,
  logCommits,
  onCleanup,
  stored,
  tempDir,
  testApp,
  testMock,
} from './helpers.js'
import { runCli, startCli } from './mock-process.js'
import { rawSocket } from './raw-http.js'
import { startReceiver } from './receiver.js'

const JSON_HEADERS = { ...HEADERS, 'content-type': 'application/json' }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function fileMock(args: string[] = []) {
  const file = join(await tempDir(), 'db.json')
  const mock = await startCli(['--port', '0', '--data', file, ...args])
  const api = (id: number, method = 'GET', body?: unknown) =>
    fetch(`${mock.url}/api/v1/hooks_settings/${id}`, {
      method,
      headers: JSON_HEADERS,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const addFault = async (spec: unknown) => {
    const res = await fetch(`${mock.url}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    })
    return { status: res.status, body: (await res.json()) as { data: { id: number } } }
  }
  const journal = async () =>
    (
      (await (await fetch(`${mock.url}/__mock/requests`)).json()) as {
        data: Record<string, unknown>[]
      }
    ).data
  return { file, mock, api, addFault, journal }
}

describe('faults, as written in the issue', () => {
  it('{"location_id": 123, "method": "POST", "times": 2, "status": 503}: two 503s, then 201, nothing stored meanwhile', async () => {
    const { file, mock, api, addFault, journal } = await fileMock()
    const added = await addFault({ location_id: 123, method: 'POST', times: 2, status: 503 })
    expect(added.status).toBe(201)
    // As text: comparing a 1 MiB Buffer byte by byte takes vitest seconds.
    const onDisk = async () => ({
      data: (await readFile(file)).toString('base64'),
      log: (await readFile(`${file}.wal`)).toString('base64'),
    })
    const before = await onDisk()
    const first = await api(123, 'POST', fullBody())
    expect([first.status, await first.json()]).toEqual([
      503,
      { success: false, data: null, meta: { message: 'Service Unavailable.' } },
    ])
    expect((await api(123, 'POST', fullBody())).status).toBe(503)
    // A refused POST changes nothing: the data file and its log are as they were.
    expect(await onDisk()).toEqual(before)
    expect((await api(124, 'POST', fullBody())).status).toBe(201)
    expect((await api(123, 'GET')).status).toBe(200)
    expect((await api(123, 'POST', fullBody())).status).toBe(201)
    const entries = await journal()
    expect(entries.map((e) => [e.method, e.location_id, e.status_code, e.fault_id])).toEqual([
      ['POST', 123, 503, added.body.data.id],
      ['POST', 123, 503, added.body.data.id],
      ['POST', 124, 201, null],
      ['GET', 123, 200, null],
      ['POST', 123, 201, null],
    ])
    const listed = (await (await fetch(`${mock.url}/__mock/faults`)).json()) as { data: unknown[] }
    expect(listed.data[0]).toMatchObject({
      id: added.body.data.id,
      fired: 2,
      active: false,
      times: 2,
    })
  })

  it('{"location_id": 123, "delay_ms": 1500}: GETs and POSTs answer 1.5 s late, and the POST is stored', async () => {
    const { mock, api, addFault, journal } = await fileMock()
    await addFault({ location_id: 123, delay_ms: 1500 })
    for (const [method, body] of [
      ['POST', fullBody()],
      ['GET', undefined],
    ] as const) {
      const started = Date.now()
      const res = await api(123, method, body)
      expect(res.status).toBe(method === 'POST' ? 201 : 200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1450)
    }
    const own = await fetch(`${mock.url}/__mock/locations/123/settings`)
    expect(((await own.json()) as { data: { urls: string[] } }).data.urls).toEqual(fullBody().urls)
    const started = Date.now()
    await api(5)
    expect(Date.now() - started).toBeLessThan(1000)
    expect((await journal()).map((e) => e.fault_id !== null)).toEqual([true, true, false])
  })

  it('{"location_id": 123, "kind": "reset"}: the connection is dropped, fetch sees a transport error', async () => {
    const { api, addFault, journal } = await fileMock()
    await addFault({ location_id: 123, kind: 'reset' })
    const error = await api(123).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as { cause?: { code?: string } }).cause?.code).toMatch(
      /^(UND_ERR_SOCKET|ECONNRESET)$/,
    )
    expect((await journal())[0]).toMatchObject({ status_code: null, location_id: 123 })
  })
})

describe('a delayed POST whose client gives up', () => {
  const post = (path: string, body: unknown, authorization: string) => {
    const text = JSON.stringify(body)
    return [
      `POST ${path} HTTP/1.1`,
      'Host: localhost',
      `Authorization: ${authorization}`,
      'Accept: application/vnd.api.v2+json',
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(text)}`,
      '',
      text,
    ].join('\r\n')
  }
  /** Sends `bytes`, then closes the socket in the middle of the fault's delay. */
  const sendAndHangUp = async (url: string, bytes: string) => {
    const socket = await rawSocket(url)
    socket.write(bytes)
    await sleep(150)
    socket.destroy()
  }

  it('is still applied, stored on disk and journaled, as a delayed POST that was waited for', async () => {
    const file = join(await tempDir(), 'db.json')
    const mock = await testMock({ data: file })
    await mock.faults.add({ location_id: 123, method: 'POST', delay_ms: 500 })
    const body = fullBody(['https://gave-up.example/hooks'])
    await sendAndHangUp(mock.url, post('/api/v1/hooks_settings/123', body, HEADERS.authorization))
    await sleep(800)
    const own = await fetch(`${mock.url}/__mock/locations/123/settings`)
    expect(((await own.json()) as { data: unknown }).data).toEqual({
      urls: body.urls,
      active: 1,
      ...allFlags(0),
      company_id: 123,
      url_settings: body.urls.map((url) => ({ url, active: 1, ...allFlags(0) })),
    })
    expect(await logCommits(file)).toEqual([
      { changes: [{ op: 'put', collection: 'locations', key: '123', value: stored(body) }] },
    ])
    const entries = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as {
      data: Record<string, unknown>[]
    }
    expect(
      entries.data.map(({ method, path, location_id, status_code, fault_id }) => ({
        method,
        path,
        location_id,
        status_code,
        fault_id,
      })),
    ).toEqual([
      {
        method: 'POST',
        path: '/api/v1/hooks_settings/123',
        location_id: 123,
        status_code: 201,
        fault_id: 1,
      },
    ])
  })

  it('is journaled as a 400 and changes nothing when the client hung up in the middle of its body', async () => {
    const file = join(await tempDir(), 'db.json')
    const mock = await testMock({ data: file })
    await mock.faults.add({ location_id: 123, method: 'POST', delay_ms: 500 })
    const bytes = post('/api/v1/hooks_settings/123', fullBody(), HEADERS.authorization)
    await sendAndHangUp(mock.url, bytes.slice(0, -10))
    await sleep(800)
    expect(await logCommits(file)).toEqual([])
    const entries = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as {
      data: Record<string, unknown>[]
    }
    expect(entries.data.map(({ status_code, fault_id }) => ({ status_code, fault_id }))).toEqual([
      { status_code: 400, fault_id: 1 },
    ])
  })
})

describe('fault kinds', () => {
  it('hang: never answered, until the client gives up', async () => {
    const { mock, addFault, journal } = await fileMock()
    await addFault({ kind: 'hang', times: 1 })
    const error = await fetch(`${mock.url}/api/v1/hooks_settings/1`, {
      headers: HEADERS,
      signal: AbortSignal.timeout(300),
    }).catch((e: unknown) => e)
    expect((error as Error).name).toBe('TimeoutError')
    expect((await journal())[0]).toMatchObject({ status_code: null, fault_id: 1 })
    const next = await fetch(`${mock.url}/api/v1/hooks_settings/1`, { headers: HEADERS })
    expect(next.status).toBe(200)
  })

  it('malformed: a 200 whose body is not JSON', async () => {
    const { api, addFault } = await fileMock()
    await addFault({ kind: 'malformed', method: 'GET' })
    const res = await api(9)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const text = await res.text()
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
  })

  it('a status with its own message and headers, after a delay', async () => {
    const { api, addFault } = await fileMock()
    await addFault({
      status: 429,
      message: 'Too many requests, slow down.',
      headers: { 'Retry-After': '2' },
      delay_ms: 200,
    })
    const started = Date.now()
    const res = await api(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(180)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('2')
    expect(await res.json()).toEqual({
      success: false,
      data: null,
      meta: { message: 'Too many requests, slow down.' },
    })
  })

  it('fires with a seeded probability: the same seed fails the same requests', async () => {
    const pattern = async () => {
      const mock = await testMock({ seed: 42 })
      await mock.faults.add({ status: 500, probability: 0.5 })
      const statuses = []
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${mock.apiUrl}/hooks_settings/1`, { headers: HEADERS })
        statuses.push(res.status)
      }
      return statuses
    }
    const first = await pattern()
    expect(first).toEqual(await pattern())
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(3)
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(3)
  })

  it('refuses a fault that does nothing or mixes kinds, by field', async () => {
    const { addFault } = await fileMock()
    expect(await addFault({ location_id: 1 })).toEqual({
      status: 422,
      body: {
        success: false,
        data: null,
        meta: {
          message: 'An error has occurred.',
          errors: {
            body: [
              'a fault needs something to do: "status" (e.g. 503), "delay_ms", or "kind" (reset, hang, malformed).',
            ],
          },
        },
      },
    })
    const mixed = await addFault({ kind: 'reset', status: 503 })
    expect(mixed.body).toMatchObject({
      meta: {
        errors: {
          status: [
            'status does not go with kind "reset": that fault answers no status of its own.',
          ],
        },
      },
    })
    const bad = await addFault({ status: 200, colour: 1 })
    expect(bad.status).toBe(422)
  })
})

describe('fault headers', () => {
  const refused = (errors: Record<string, string[]>) => ({
    success: false,
    data: null,
    meta: { message: 'An error has occurred.', errors },
  })

  it('refuses names that are not RFC 9110 tokens and values with CR or LF, by field; keeps nothing', async () => {
    const { app } = await testApp()
    const long = 'X'.repeat(2000)
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/faults',
      payload: {
        status: 503,
        headers: { 'X A': '1', 'X-Ä': '1', [long]: '1', 'X-Split': 'a\r\nSet-Cookie: x' },
      },
    })
    expect(res.statusCode).toBe(422)
    const name =
      "must be 1 to 64 characters of an RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~ (no spaces, colons or other characters)"
    expect(res.json()).toEqual(
      refused({
        headers: [
          `headers name "X A" ${name}.`,
          `headers name "X-Ä" ${name}.`,
          `headers name "${long.slice(0, 76)}... ${name}.`,
          'headers[X-Split] must be printable ASCII of at most 1000 characters (no CR, LF or other control characters), got "a\\r\\nSet-Cookie: x".',
        ],
      }),
    )
    expect((await app.inject({ method: 'GET', url: '/__mock/faults' })).json().data).toEqual([])
  })

  it('refuses the framing headers, which would make the faulted answer unreadable', async () => {
    const { app } = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/faults',
      payload: {
        status: 503,
        headers: {
          'Retry-After': '2',
          'transfer-encoding': 'chunked',
          'Content-Length': '5',
          'Content-Encoding': 'gzip',
          Connection: 'close',
        },
      },
    })
    expect(res.statusCode).toBe(422)
    const why =
      "cannot be set by a fault: the mock's HTTP server writes it from the body it sends, and another value makes the answer unreadable; fault headers are for headers such as Retry-After."
    expect(res.json()).toEqual(
      refused({
        headers: [
          `headers[transfer-encoding] ${why}`,
          `headers[Content-Length] ${why}`,
          `headers[Content-Encoding] ${why}`,
          `headers[Connection] ${why}`,
        ],
      }),
    )
    expect((await app.inject({ method: 'GET', url: '/__mock/faults' })).json().data).toEqual([])
  })
})

describe('removing faults', () => {
  it('by id, by resetting its location, or all at once', async () => {
    const mock = await testMock()
    const a = await mock.faults.add({ location_id: 1, status: 500 })
    await mock.faults.add({ location_id: 2, status: 500 })
    await mock.faults.add({ status: 502 })
    await a.remove()
    expect((await mock.faults.list()).map((f) => f.location_id)).toEqual([2, null])
    await mock.reset(2)
    expect((await mock.faults.list()).map((f) => f.location_id)).toEqual([null])
    await mock.reset()
    expect(await mock.faults.list()).toEqual([])
    await expect(mock.faults.remove(a.id)).rejects.toThrow(`No fault ${a.id}`)
    await expect(mock.faults.add({ kind: 'hang', status: 500 })).rejects.toThrow(
      'status does not go with kind "hang"',
    )
  })
})

describe('--faults FILE', () => {
  it('starts misbehaving, and refuses a bad file with one line, exit 2', async () => {
    const dir = await tempDir()
    const file = join(dir, 'faults.json')
    await writeFile(file, JSON.stringify([{ method: 'GET', status: 502, times: 1 }]))
    const mock = await startCli(['--port', '0', '--data', ':memory:', '--faults', file])
    const get = () => fetch(`${mock.url}/api/v1/hooks_settings/1`, { headers: HEADERS })
    expect((await get()).status).toBe(502)
    expect((await get()).status).toBe(200)
    await writeFile(file, JSON.stringify([{ status: 99 }]))
    const bad = await runCli(['--port', '0', '--data', ':memory:', '--faults', file])
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({
      code: 2,
      stderr: `altegio-hooks-mock: --faults ${file}: fault 0: status must be an HTTP error status from 400 to 599, got 99.\n`,
    })
  })
})

describe('--rate-limit', () => {
  it('answers 429 with Retry-After past the limit, per client and partner token', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:', '--rate-limit', '5/s'])
    const get = (partner: string) =>
      fetch(`${mock.url}/api/v1/hooks_settings/1`, {
        headers: { ...HEADERS, authorization: `Bearer ${partner}, User u` },
      })
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await get('p1')).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    const over = await get('p1')
    expect(over.headers.get('retry-after')).toBe('1')
    expect(await over.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message:
          'Too many requests: over 5/s for this client and partner token (--rate-limit 5/s). Retry after 1 s.',
      },
    })
    // Another partner token has its own count; the first one's resets with its window.
    expect((await get('p2')).status).toBe(200)
    await sleep(1100)
    expect((await get('p1')).status).toBe(200)
    const journal = (await (await fetch(`${mock.url}/__mock/requests?status_code=429`)).json()) as {
      data: { warnings: string[] }[]
    }
    expect(journal.data[0]?.warnings).toEqual([
      'rate-limited: Too many requests: over 5/s for this client and partner token (--rate-limit 5/s). Retry after 1 s.',
    ])
  })
})

describe("the platform's delivery quirks", () => {
  it('sends every Nth delivery twice, marked in the journal', async () => {
    const mock = await testMock()
    const receiver = await startReceiver()
    await mock.seed(7, fullBody([receiver.url], { record: 1 }))
    await mock.setOptions(7, { duplicate_every: 2 })
    const result = await mock.trigger(
      7,
      [1, 2, 3, 4].map((id) => ({
        resource: 'record' as const,
        status: 'create' as const,
        resource_id: id,
      })),
    )
    expect(result.delivery_ids).toEqual([1, 2, 3, 4, 5, 6])
    await mock.deliveries.waitFor({ location_id: 7, count: 6 })
    const ids = receiver.received.map((r) => (r.body as { resource_id: number }).resource_id)
    expect(ids.sort()).toEqual([1, 2, 2, 3, 4, 4])
    const journal = await mock.deliveries.list({ location_id: 7 })
    expect(journal.map((d) => [d.id, d.resource_id, d.duplicate_of])).toEqual([
      [1, 1, null],
      [2, 2, null],
      [3, 2, 2],
      [4, 3, null],
      [5, 4, null],
      [6, 4, 5],
    ])
    expect(journal[2]?.payload).toEqual(journal[1]?.payload)
  })

  it('holds a window of deliveries and sends them in a seeded shuffle', async () => {
    const order = async () => {
      const sent: number[] = []
      const mock = await testMock({
        seed: 5,
        webhookClient: async (request: WebhookRequest) => {
          sent.push((JSON.parse(request.body) as { resource_id: number }).resource_id)
          return { statusCode: 200 }
        },
      })
      onCleanup(() => mock.close())
      await mock.seed(3, fullBody(['https://r.example/h'], { client: 1 }))
      await mock.setOptions(3, { reorder: 6 })
      await mock.trigger(
        3,
        [1, 2, 3, 4, 5, 6].map((id) => ({ resource: 'client' as const, resource_id: id })),
      )
      await mock.deliveries.waitFor({ location_id: 3, count: 6 })
      return sent
    }
    const first = await order()
    expect([...first].sort()).toEqual([1, 2, 3, 4, 5, 6])
    expect(first).not.toEqual([1, 2, 3, 4, 5, 6])
    expect(await order()).toEqual(first)
  })
})

describe('the rate limiter', () => {
  it('counts per address and partner token: the same pair together, another token or address apart', () => {
    const limiter = new RateLimiter([{ limit: 1, ms: 1000, text: '1/s' }])
    const long = 'p'.repeat(15_000)
    expect(limiter.take('127.0.0.1', long, 0)).toBeUndefined()
    expect(limiter.take('127.0.0.1', long, 10)).toEqual({
      window: { limit: 1, ms: 1000, text: '1/s' },
      retryAfterMs: 990,
    })
    // The same long token but its last character: counted apart.
    expect(limiter.take('127.0.0.1', `${long.slice(0, -1)}q`, 10)).toBeUndefined()
    expect(limiter.take('::1', long, 10)).toBeUndefined()
    expect(limiter.take('127.0.0.1', '', 10)).toBeUndefined()
    expect(limiter.take('127.0.0.1', long, 1000)).toBeUndefined()
  })

  it('keeps what it tracks bounded in bytes, whatever the tokens: 10,000 of 15 KB each', () => {
    const limiter = new RateLimiter([{ limit: 5, ms: 1000, text: '5/s' }])
    const base = 't'.repeat(15_000)
    for (let i = 0; i < 10_000; i++) limiter.take('127.0.0.1', `${base}${i}`, i)
    expect(limiter.size).toBe(10_000)
    // A short digest per client, not its token: under 64 bytes each.
    expect(limiter.keyBytes).toBeLessThanOrEqual(10_000 * 64)
    // And past the client bound the oldest go, the bytes with them.
    for (let i = 0; i < 5_000; i++) limiter.take('127.0.0.2', `${base}${i}`, i)
    expect(limiter.size).toBe(10_000)
    expect(limiter.keyBytes).toBeLessThanOrEqual(10_000 * 64)
  })
})
