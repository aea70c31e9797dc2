// Issue 11, header size: oversized headers, headers that never finish, and
// the connections they hold, against the real process.
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { fullBody, HEADERS, onCleanup } from '../helpers.js'
import { type MockProcess, startCli } from '../mock-process.js'
import { exchange, parseAnswer, type RawAnswer } from '../raw-http.js'
import { openSockets, settlesAt } from './proc.js'

const HEADERS_TIMEOUT_MS = 1000
/** Far beyond the headers timeout: a connection cut before it was cut by the headers timeout. */
const REQUEST_TIMEOUT_MS = 30_000
/** Node checks the timeouts every second; on this noisy machine, give it a lot more. */
const CUT_WITHIN_MS = 8000

const envelope = (message: string) => ({ success: false, data: null, meta: { message } })
const TOO_LARGE = envelope(
  'The request headers are larger than the mock accepts (16 KiB in all): send fewer or smaller headers.',
)
const HEADERS_TOO_SLOW = envelope(
  `The request headers were not received in full within ${HEADERS_TIMEOUT_MS} ms (--headers-timeout-ms): send the whole request at once.`,
)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

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

/** The health route over a connection of its own, closed after the answer. */
const health = (url: string) =>
  exchange(url, 'GET /__mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')

interface Held {
  /** Everything the server wrote, once it closed the connection. */
  closed: Promise<{ answer: string; afterMs: number }>
  /** Stops trickling headers (the server may have closed already). */
  stop: () => void
}

/**
 * A connection that starts a request and never ends its headers: it sends one
 * more header line every `trickleMs` (a slowloris), or, with no `trickleMs`,
 * nothing more at all; `opening` '' sends no byte.
 */
function hold(url: string, opening: string, trickleMs?: number): Held {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  const stop = () => clearInterval(timer)
  onCleanup(async () => {
    stop()
    socket.destroy()
  })
  socket.on('error', () => {})
  socket.on('connect', () => {
    if (opening !== '') socket.write(opening)
    if (trickleMs !== undefined) {
      let n = 0
      timer = setInterval(() => {
        n += 1
        if (socket.writable) socket.write(`X-Slow-${n}: ${'a'.repeat(10)}\r\n`)
      }, trickleMs)
    }
  })
  const closed = new Promise<{ answer: string; afterMs: number }>((resolve) => {
    let answer = ''
    socket.on('data', (chunk) => {
      answer += chunk
    })
    socket.on('close', () => {
      stop()
      resolve({ answer, afterMs: Date.now() - started })
    })
  })
  return { closed, stop }
}

/** Resolves with `promise`'s value, or with 'still open' after `ms`. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, sleep(ms).then(() => 'still open' as const)])

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

describe('headers that never finish', () => {
  it('cuts a slowloris after --headers-timeout-ms with a 408 naming it, and frees every connection', async () => {
    const mock = await start()
    const pid = mock.child.pid as number
    const baseline = openSockets(pid)
    // Two rounds: what one leaves behind would show in the next.
    for (let round = 0; round < 2; round++) {
      const started = Date.now()
      const trickling = Array.from({ length: 100 }, (_, i) =>
        hold(mock.url, `GET /api/v1/hooks_settings/${i + 1} HTTP/1.1\r\nHost: x\r\n`, 250),
      )
      const silent = Array.from({ length: 100 }, () => hold(mock.url, ''))
      await sleep(300)
      // All 200 connections are open, and the mock answers others meanwhile.
      expect(openSockets(pid)).toBe(baseline + 200)
      const meanwhile = await health(mock.url)
      expect({ status: meanwhile.status, body: JSON.parse(meanwhile.body) }).toEqual({
        status: 200,
        body: {
          success: true,
          data: { status: 'ok', locations: 0, data_file: ':memory:' },
          meta: [],
        },
      })
      const cut = await Promise.all(
        [...trickling, ...silent].map((held) => within(held.closed, CUT_WITHIN_MS)),
      )
      const stillOpen = cut.filter((c) => c === 'still open').length
      expect(stillOpen, `round ${round}: connections still open after ${CUT_WITHIN_MS} ms`).toBe(0)
      for (const c of cut) {
        if (c === 'still open') continue
        // Not before the headers timeout; well before the request timeout.
        expect(c.afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50)
        const answer = parseAnswer(c.answer)
        expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
          status: 408,
          body: HEADERS_TOO_SLOW,
        })
      }
      // Every connection is given back: the count is where it started.
      expect(await settlesAt(() => openSockets(pid), baseline, 3000)).toBe(baseline)
      console.log(
        `round ${round}: 200 connections with unfinished headers cut within ${Date.now() - started} ms; sockets back to ${baseline}`,
      )
    }
    expect(mock.child.exitCode).toBeNull()
  })
})
