// Issue 11, header size: oversized headers, against the real process.
import { describe, expect, it } from 'vitest'
import { fullBody, HEADERS } from '../helpers.js'
import { type MockProcess, startCli } from '../mock-process.js'
import { exchange, type RawAnswer } from '../raw-http.js'

const HEADERS_TIMEOUT_MS = 1000
/** Far beyond the headers timeout: a connection cut before it was cut by the headers timeout. */
const REQUEST_TIMEOUT_MS = 30_000

const envelope = (message: string) => ({ success: false, data: null, meta: { message } })
const TOO_LARGE = envelope(
  'The request headers are larger than the mock accepts (16 KiB in all): send fewer or smaller headers.',
)

async function start(): Promise<MockProcess> {
  return startCli([
    '--port',
    '0',
    '--data',
    ':memory:',
    '--headers-timeout-ms',
    String(HEADERS_TIMEOUT_MS),
    '--request-timeout-ms',
    String(REQUEST_TIMEOUT_MS),
  ])
}

describe('headers too large', () => {
  it('answers a 100 KiB cookie and 100 KiB of headers with a readable 431, and serves on', async () => {
    const mock = await start()
    const saved = await fetch(`${mock.url}/api/v1/hooks_settings/1`, {
      method: 'POST',
      headers: { ...HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(fullBody()),
    })
    expect(saved.status).toBe(201)
    const cookie = `session=${'c'.repeat(100 * 1024)}`
    const manyHeaders = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`x-header-${i}`, 'v'.repeat(100)]),
    )
    // Node's fetch, as a client of the mock would send them.
    for (const headers of [
      { ...HEADERS, cookie },
      { ...HEADERS, ...manyHeaders },
    ]) {
      const res = await fetch(`${mock.url}/api/v1/hooks_settings/1`, { headers })
      expect({
        status: res.status,
        type: res.headers.get('content-type'),
        connection: res.headers.get('connection'),
        body: await res.json(),
      }).toEqual({
        status: 431,
        type: 'application/json; charset=utf-8',
        connection: 'close',
        body: TOO_LARGE,
      })
    }
    // The same, byte for byte, as the socket gets it.
    const raw = await exchange(
      mock.url,
      `GET /api/v1/hooks_settings/1 HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\n\r\n`,
    )
    const body = JSON.stringify(TOO_LARGE)
    expect(raw).toEqual({
      status: 431,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(body.length),
        connection: 'close',
      },
      body,
    } satisfies RawAnswer)
    // The process serves on: the settings are still there.
    const after = await fetch(`${mock.url}/api/v1/hooks_settings/1`, { headers: HEADERS })
    expect(after.status).toBe(200)
    expect(((await after.json()) as { data: { urls: string[] } }).data.urls).toEqual(
      fullBody().urls,
    )
    expect(mock.child.exitCode).toBeNull()
  })
})
