import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { connectAltegioMock } from '../src/client/connect.js'
import { WaitEndedError, WaitTimeoutError } from '../src/deliveries/waiters.js'
import { onCleanup, testMock } from './helpers.js'
import { sleep } from './parity.js'
import { refusingUrl } from './receiver.js'

const START_HINT =
  'start it first (npx altegio-hooks-mock --port 8080, or docker run -p 8080:8080 altegio-hooks-mock), or check the URL'

/** A fetch that answers `replies` in turn, recording what was sent. */
function scripted(replies: { status: number; body: unknown }[]) {
  const sent: { method: string; url: string; body: unknown }[] = []
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ method: String(init.method), url, body: JSON.parse(String(init.body ?? 'null')) })
    const reply = replies.shift() ?? { status: 500, body: 'no more replies' }
    return new Response(JSON.stringify(reply.body), { status: reply.status })
  }) as typeof globalThis.fetch
  return { fetch, sent }
}

const failure = (message: string) => ({ success: false, data: null, meta: { message } })

describe('the URL', () => {
  it('takes a base URL with or without a trailing slash', async () => {
    const local = await testMock()
    const mock = connectAltegioMock(`${local.url}/`)
    expect({ url: mock.url, apiUrl: mock.apiUrl }).toEqual({
      url: local.url,
      apiUrl: `${local.url}/api/v1`,
    })
    expect(await mock.settings(1)).toEqual(await local.settings(1))
  })

  it('refuses what is not an http(s) base URL with a TypeError saying why', () => {
    const wanted = (url: string) =>
      `connectAltegioMock needs the mock's base URL, e.g. http://127.0.0.1:8080, got ${JSON.stringify(url)}`
    expect(() => connectAltegioMock('ftp://127.0.0.1:8080')).toThrow(
      new TypeError(`${wanted('ftp://127.0.0.1:8080')}: only http and https are served.`),
    )
    expect(() => connectAltegioMock('127.0.0.1 8080')).toThrow(
      new TypeError(`${wanted('127.0.0.1 8080')}.`),
    )
    expect(() => connectAltegioMock('http://127.0.0.1:8080/?a=1')).toThrow(
      new TypeError(
        `${wanted('http://127.0.0.1:8080/?a=1')}: leave out the query and the fragment.`,
      ),
    )
    expect(() => connectAltegioMock('http://u:p@127.0.0.1:8080')).toThrow(
      new TypeError(
        `${wanted('http://u:p@127.0.0.1:8080')}: give credentials in options.headers, not in the URL.`,
      ),
    )
    expect(() => connectAltegioMock(undefined as never)).toThrow(TypeError)
  })
})

describe('when the mock cannot be reached', () => {
  it('says no mock answers at the URL, and how to start one', async () => {
    const url = new URL(await refusingUrl()).origin
    await expect(connectAltegioMock(url).settings(1)).rejects.toThrow(
      new Error(`No mock answers at ${url} (ECONNREFUSED): ${START_HINT}.`),
    )
  })

  it('says when something else answers there', async () => {
    const server = createServer((_req, res) => res.writeHead(200).end('<html>hello</html>'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onCleanup(() => new Promise((resolve) => server.close(() => resolve())))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await expect(connectAltegioMock(url).faults.list()).rejects.toThrow(
      new Error(
        `GET ${url}/__mock/faults answered 200 "<html>hello</html>", not the JSON envelope of altegio-hooks-mock: is ${url} the mock's base URL (http://host:port, without /api/v1)?`,
      ),
    )
  })

  it('says when the URL is the API URL rather than the base URL', async () => {
    const local = await testMock()
    await expect(connectAltegioMock(local.apiUrl).settings(1)).rejects.toThrow(
      new Error(
        `No route GET /api/v1/__mock/locations/1/settings. The mock serves the Developer Tools sections: GET and POST /api/v1/hooks_settings/{location_id}, the marketplace under /marketplace/, /api/v1/voip/integration, and the dictionaries (/api/v1/countries, /api/v1/cities, /api/v1/references/business_groups_with_types); its own routes are under /__mock/ (every route: GET /__mock/docs). Is ${local.apiUrl} the mock's base URL (http://host:port, without /api/v1), and the mock a version with this route?`,
      ),
    )
  })

  it('passes on what a failing mock says (5xx) as an Error', async () => {
    const { fetch } = scripted([
      { status: 500, body: failure('The mock could not save this change: disk full.') },
    ])
    const error = await connectAltegioMock('http://mock.test', { fetch })
      .seed(1, { urls: ['https://a.example/h'], active: 1 })
      .catch((e: unknown) => e)
    expect(error).toEqual(new Error('The mock could not save this change: disk full.'))
    expect(error).not.toBeInstanceOf(TypeError)
  })
})

describe('close()', () => {
  it('lets go of the mock without stopping it; later calls say the connection was closed', async () => {
    const local = await testMock()
    const mock = connectAltegioMock(local.url)
    await mock.seed(3, { urls: ['https://a.example/h'], active: 1 })
    await mock.close()
    await mock.close()
    await expect(mock.settings(3)).rejects.toThrow(
      new Error(
        `This connection to the mock at ${local.url} was closed (close()): GET ${local.url}/__mock/locations/3/settings was not completed. The mock itself still runs.`,
      ),
    )
    expect((await connectAltegioMock(local.url).settings(3)).urls).toEqual(['https://a.example/h'])
  })

  it('ends a wait when the mock itself stops, as the local wait ends', async () => {
    const local = await testMock()
    const mock = connectAltegioMock(local.url)
    await mock.faults.list() // the connection is open: the wait arrives at once
    const waiting = mock.deliveries.waitFor({ timeoutMs: 5000 })
    await sleep(300)
    await local.close()
    await expect(waiting).rejects.toThrow(new WaitEndedError('the mock is stopping'))
  })
})

describe('options', () => {
  it('sends through the fetch given, with the headers given', async () => {
    const local = await testMock()
    const calls: { url: string; method: string; headers: unknown }[] = []
    const recording = (async (url: string, init: RequestInit) => {
      calls.push({ url, method: String(init.method), headers: init.headers })
      return fetch(url, init)
    }) as typeof fetch
    const mock = connectAltegioMock(local.url, {
      fetch: recording,
      headers: { 'x-proxy-token': 'secret' },
    })
    await mock.seed(4, { urls: ['https://a.example/h'], active: 1 })
    await mock.reset()
    expect(calls).toEqual([
      {
        url: `${local.url}/__mock/locations/4/settings`,
        method: 'PUT',
        headers: {
          accept: 'application/json',
          'x-proxy-token': 'secret',
          'content-type': 'application/json',
        },
      },
      {
        url: `${local.url}/__mock/reset`,
        method: 'POST',
        headers: { accept: 'application/json', 'x-proxy-token': 'secret' },
      },
    ])
  })
})

describe('a wait longer than fetch holds an answer', () => {
  it('is held in slices, and times out saying the whole wait', async () => {
    const timedOut = (ms: number) =>
      failure(
        `Timed out: waited ${ms} ms for 1 finished deliveries matching any filter; 0 finished, 0 still pending. GET /__mock/deliveries shows where each one stands.`,
      )
    const { fetch, sent } = scripted([
      { status: 408, body: timedOut(240_000) },
      { status: 408, body: timedOut(60_000) },
    ])
    const mock = connectAltegioMock('http://mock.test', { fetch })
    await expect(mock.deliveries.waitFor({ timeoutMs: 300_000 })).rejects.toThrow(
      new WaitTimeoutError(
        'waited 300000 ms for 1 finished deliveries matching any filter; 0 finished, 0 still pending',
      ),
    )
    // No count: the mock's default (one, or every id in delivery_ids) decides.
    expect(sent.map((s) => s.body)).toEqual([{ timeout_ms: 240_000 }, { timeout_ms: 60_000 }])
  })
})
