import { readdir, readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DriftEntry, DriftSummary } from '../src/drift/report.js'
import {
  allFlags,
  expectedSettings,
  logCommits,
  onCleanup,
  tempDir,
  testMock,
  V2,
} from './helpers.js'

const PARTNER = 'partner-secret-7f3a9c'
const USER = 'user-secret-41be20'
const AUTH = `Bearer ${PARTNER}, User ${USER}`

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

type Handler = (seen: Seen) => { status: number; headers?: Record<string, string>; body: string }

/** A server of the test's own standing for production, answering as the mock does not. */
async function upstreamServer(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      }
      seen.push(entry)
      const answer = handler(entry)
      response.writeHead(answer.status, {
        'content-type': 'application/json; charset=utf-8',
        ...answer.headers,
      })
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onCleanup(() => new Promise((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

const settings = (urls: string[], flags: Record<string, number>, id: number) =>
  expectedSettings({ urls, active: 1, ...allFlags(0), ...flags }, id)

const REFUSED = {
  status: 422,
  body: JSON.stringify({
    success: false,
    data: null,
    meta: { message: 'An error has occurred.', errors: { urls: ['Invalid URL'] } },
  }),
}

/** Production's answers, each differing from the mock's in one way. */
const PRODUCTION: Record<
  string,
  (seen: Seen) => { status: number; body: string; headers?: Record<string, string> }
> = {
  // Learnable: what the mock should answer for location 1 from now on.
  'GET /api/v1/hooks_settings/1': () => ({
    status: 200,
    headers: { 'x-request-id': 'prod-1' },
    body: JSON.stringify({
      success: true,
      data: settings(['https://prod.example/hooks'], { record: 1, client: 1 }, 1),
      meta: [],
    }),
  }),
  // A field the mock lacks, and a string where the mock has a number.
  'GET /api/v1/hooks_settings/2': () => ({
    status: 200,
    body: JSON.stringify({
      success: true,
      data: { ...settings(['https://prod.example/2'], {}, 2), company_id: '2', webhook_version: 3 },
      meta: [],
    }),
  }),
  // An older backend's shape.
  'GET /api/v1/hooks_settings/3': () => ({
    status: 200,
    body: JSON.stringify({
      success: true,
      data: {
        urls: ['https://prod.example/3'],
        active: 1,
        ...Object.fromEntries(
          Object.entries(allFlags(0)).filter(
            ([name]) => !['good', 'schedule', 'self_sending'].includes(name),
          ),
        ),
      },
      meta: [],
    }),
  }),
  // A failure that echoes the caller's token.
  'GET /api/v1/hooks_settings/4': () => ({
    status: 500,
    body: JSON.stringify({
      success: false,
      data: null,
      meta: { message: `Internal error for token ${PARTNER}` },
    }),
  }),
  // A POST answered with booleans where the mock has 0/1.
  'POST /api/v1/hooks_settings/5': (seen) => {
    const body = JSON.parse(seen.body)
    return {
      status: 201,
      body: JSON.stringify({
        success: true,
        data: { ...settings(body.urls, { record: 1 }, 5), active: true },
        meta: [],
      }),
    }
  },
  // Refused writes.
  'POST /api/v1/hooks_settings/6': () => REFUSED,
  'POST /api/v1/hooks_settings/7': () => REFUSED,
  // More differences than a header holds.
  'GET /api/v1/hooks_settings/8': () => ({
    status: 200,
    body: JSON.stringify({
      success: true,
      data: {
        ...settings([], {}, 8),
        ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`new_field_${i}`, i])),
      },
      meta: [],
    }),
  }),
  // Then a GET that says another value than the POST left.
  'GET /api/v1/hooks_settings/5': () => ({
    status: 200,
    body: JSON.stringify({
      success: true,
      data: settings(['https://client.example/5'], { record: 0 }, 5),
      meta: [],
    }),
  }),
}

const production: Handler = (seen) => {
  const answer = PRODUCTION[`${seen.method} ${seen.url.split('?')[0]}`]
  return answer
    ? answer(seen)
    : { status: 404, body: '{"success":false,"data":null,"meta":{"message":"Not found"}}' }
}

const headers = { authorization: AUTH, accept: V2 }

describe('--upstream: the validating proxy', () => {
  it("forwards the caller's request, answers with the upstream's bytes, and reports each difference by path", async () => {
    const upstream = await upstreamServer(production)
    const dir = await tempDir()
    const data = join(dir, 'db.json')
    const mock = await testMock({ upstream: upstream.url, data })

    const first = await fetch(`${mock.url}/api/v1/hooks_settings/1?x=1`, {
      headers: { ...headers, 'x-client': 'mine' },
    })
    expect(first.status).toBe(200)
    expect(first.headers.get('x-request-id')).toBe('prod-1')
    expect(first.headers.get('x-mock-drift')).toBeNull()
    expect(await first.text()).toBe(
      PRODUCTION['GET /api/v1/hooks_settings/1']?.(undefined as never).body,
    )
    // The upstream was asked as the caller asked: path, query, headers.
    expect(upstream.seen[0]).toMatchObject({
      method: 'GET',
      url: '/api/v1/hooks_settings/1?x=1',
      headers: expect.objectContaining({ authorization: AUTH, accept: V2, 'x-client': 'mine' }),
    })

    const get = (id: number) => fetch(`${mock.url}/api/v1/hooks_settings/${id}`, { headers })
    const second = await get(2)
    expect(second.status).toBe(200)
    expect(await second.text()).toBe(
      PRODUCTION['GET /api/v1/hooks_settings/2']?.(undefined as never).body,
    )
    expect(JSON.parse(second.headers.get('x-mock-drift') ?? '[]')).toEqual([
      'missing data.webhook_version',
      'type data.company_id: upstream string: integer text, mock integer',
    ])
    await get(3)
    const failed = await get(4)
    expect(failed.status).toBe(500)
    expect(await failed.text()).toBe(
      PRODUCTION['GET /api/v1/hooks_settings/4']?.(undefined as never).body,
    )
    const posted = { urls: ['https://client.example/5'], active: 1, record: 1 }
    const post = await fetch(`${mock.url}/api/v1/hooks_settings/5`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(posted),
    })
    expect(post.status).toBe(201)
    expect(upstream.seen.at(-1)?.body).toBe(JSON.stringify(posted))
    await get(5)

    const report = (await (await fetch(`${mock.url}/__mock/drift`)).json()) as {
      data: DriftSummary
    }
    const found = report.data.entries.map(
      (entry) => `${entry.route} ${entry.kind} ${entry.path} ${entry.upstream} | ${entry.mock}`,
    )
    const route = '/api/v1/hooks_settings/:location_id'
    expect(found).toEqual([
      `GET ${route} missing data.webhook_version integer | `,
      `GET ${route} type data.company_id string: integer text | integer`,
      `GET ${route} extra data.good  | integer`,
      `GET ${route} extra data.schedule  | integer`,
      `GET ${route} extra data.self_sending  | integer`,
      `GET ${route} extra data.company_id  | integer`,
      `GET ${route} extra data.url_settings  | array`,
      `GET ${route} status  500 | 200`,
      `POST ${route} type data.active boolean | integer`,
      `GET ${route} value data.record integer | integer`,
      `GET ${route} value data.url_settings[].record integer | integer`,
    ])
    expect(report.data).toMatchObject({ compared: 6, drifted: 5, webhooks_compared: 0, dropped: 0 })
    const missing = report.data.entries[0] as DriftEntry
    expect(missing).toEqual({
      route: `GET ${route}`,
      kind: 'missing',
      path: 'data.webhook_version',
      upstream: 'integer',
      mock: '',
      count: 1,
      first_seen: expect.any(String),
      last_seen: missing.first_seen,
      example: {
        request: {
          method: 'GET',
          path: '/api/v1/hooks_settings/2',
          headers: expect.objectContaining({ authorization: 'Bearer ***, User ***', accept: V2 }),
          body: null,
        },
        upstream: {
          status: 200,
          headers: expect.objectContaining({ 'content-type': 'application/json; charset=utf-8' }),
          body: JSON.parse(
            PRODUCTION['GET /api/v1/hooks_settings/2']?.(undefined as never).body ?? '',
          ),
        },
        mock: {
          status: 200,
          body: { success: true, data: expectedSettings({ urls: [], active: 0 }, 2), meta: [] },
        },
      },
    })
    expect(report.data.entries[7]?.example?.upstream.body).toEqual({
      success: false,
      data: null,
      meta: { message: 'Internal error for token ***' },
    })

    // Nothing kept holds a token: the report, the request journal, the data file.
    const requests = await (await fetch(`${mock.url}/__mock/requests`)).text()
    expect(requests).toContain('hooks_settings/5')
    const state = await (await fetch(`${mock.url}/__mock/state`)).text()
    expect(state).toContain('https://prod.example/hooks')
    await mock.close()
    const files = await readdir(dir)
    const kept = [
      JSON.stringify(report),
      requests,
      state,
      ...(await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')))),
    ].join('\n')
    for (const secret of [PARTNER, USER]) expect(kept).not.toContain(secret)

    // Learned: the same data file without --upstream answers as production did.
    const again = await testMock({ data })
    const later = await fetch(`${again.url}/api/v1/hooks_settings/1`, { headers })
    expect(await later.text()).toBe(
      PRODUCTION['GET /api/v1/hooks_settings/1']?.(undefined as never).body,
    )
    const legacy = await fetch(`${again.url}/api/v1/hooks_settings/3`, { headers })
    expect(((await legacy.json()) as { data: unknown }).data).toEqual(
      settings(['https://prod.example/3'], {}, 3),
    )
    const afterPost = await fetch(`${again.url}/api/v1/hooks_settings/5`, { headers })
    expect(((await afterPost.json()) as { data: unknown }).data).toEqual(
      settings(['https://client.example/5'], { record: 0 }, 5),
    )
  })

  it('answers 502 in the envelope, naming the upstream, when it cannot be reached, and learns nothing', async () => {
    // The discard port: nothing listens there.
    const dead = 'http://127.0.0.1:9'
    const gone = await testMock({ upstream: dead })
    const answer = await fetch(`${gone.url}/api/v1/hooks_settings/1`, { headers })
    expect(answer.status).toBe(502)
    expect(await answer.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message:
          'The upstream http://127.0.0.1:9 could not be reached (ECONNREFUSED). The mock answered nothing and learned nothing from this request; check --upstream and the network.',
      },
    })
    expect(await gone.settings(1)).toEqual(expectedSettings({ urls: [], active: 0 }, 1))
    expect(
      ((await (await fetch(`${gone.url}/__mock/drift`)).json()) as { data: DriftSummary }).data
        .compared,
    ).toBe(0)
  })

  it('answers 504 when the upstream is slower than --upstream-timeout-ms', async () => {
    const server = createServer(() => {
      // Never answers.
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onCleanup(async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(() => resolve(undefined)))
    })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const mock = await testMock({ upstream: url, upstreamTimeoutMs: 200 })
    const answer = await fetch(`${mock.url}/api/v1/hooks_settings/1`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ urls: ['https://client.example/1'], active: 1 }),
    })
    expect(answer.status).toBe(504)
    expect(await answer.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message: `The upstream ${url} did not answer within 200 ms (UND_ERR_HEADERS_TIMEOUT). The mock answered nothing and learned nothing from this request; try again, or give more time with --upstream-timeout-ms.`,
      },
    })
    // The mock did not answer the POST itself either: nothing was saved.
    expect(await mock.settings(1)).toEqual(expectedSettings({ urls: [], active: 0 }, 1))
  })
})

describe('learning', () => {
  it('writes a location only when the upstream says something new of it', async () => {
    const upstream = await upstreamServer(production)
    const dir = await tempDir()
    const data = join(dir, 'db.json')
    const mock = await testMock({ upstream: upstream.url, data })
    for (let i = 0; i < 3; i++) {
      await fetch(`${mock.url}/api/v1/hooks_settings/1`, { headers })
    }
    expect(await logCommits(data)).toEqual([
      {
        changes: [
          {
            op: 'put',
            collection: 'locations',
            key: '1',
            value: {
              url_settings: [
                {
                  url: 'https://prod.example/hooks',
                  ...allFlags(0),
                  active: 1,
                  record: 1,
                  client: 1,
                },
              ],
            },
          },
        ],
      },
    ])
  })

  it('forgets a POST the upstream refused, as the upstream did', async () => {
    const upstream = await upstreamServer(production)
    const mock = await testMock({ upstream: upstream.url })
    const seeded = { urls: ['https://client.example/before'], active: 1 }
    await mock.seed(7, seeded)
    for (const id of [6, 7]) {
      const answer = await fetch(`${mock.url}/api/v1/hooks_settings/${id}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ urls: ['https://client.example/new'], active: 1 }),
      })
      expect([answer.status, await answer.text()]).toEqual([422, REFUSED.body])
    }
    expect(await mock.settings(6)).toEqual(expectedSettings({ urls: [], active: 0 }, 6))
    expect(await mock.settings(7)).toEqual(expectedSettings(seeded, 7))
  })
})

describe('X-Mock-Drift', () => {
  it('stays within 4096 bytes, the rest counted and pointing at the report', async () => {
    const upstream = await upstreamServer(production)
    const mock = await testMock({ upstream: upstream.url })
    const answer = await fetch(`${mock.url}/api/v1/hooks_settings/8`, { headers })
    const header = answer.headers.get('x-mock-drift') ?? ''
    expect(header.length).toBeLessThanOrEqual(4096)
    const listed = JSON.parse(header) as string[]
    const shown = listed.length - 1
    expect(listed.slice(0, 3)).toEqual([
      'missing data.new_field_0',
      'missing data.new_field_1',
      'missing data.new_field_2',
    ])
    expect(listed.at(-1)).toBe(`+${300 - shown} more: GET /__mock/drift shows every difference`)
    const report = (await (await fetch(`${mock.url}/__mock/drift`)).json()) as {
      data: DriftSummary
    }
    expect(report.data.entries).toHaveLength(300)
  })
})

describe('--upstream-marketplace', () => {
  it('takes the /marketplace routes to the marketplace host, the /api/v1 ones to the API host, and masks credentials in bodies', async () => {
    const answer: Handler = () => ({ status: 200, body: '{"success":true,"data":[],"meta":[]}' })
    const api = await upstreamServer(answer)
    const market = await upstreamServer(answer)
    const mock = await testMock({ upstream: api.url, upstreamMarketplace: market.url })
    const partner = { authorization: `Bearer ${PARTNER}`, accept: V2 }
    await fetch(`${mock.url}/marketplace/application/9/tariffs`, { headers: partner })
    await fetch(`${mock.url}/api/v1/marketplace/application/9/tariffs`, { headers: partner })
    // A section added since (the dictionaries) goes through the same hook.
    await fetch(`${mock.url}/api/v1/countries`, { headers: partner })
    const callback = { salon_id: 5, application_id: 9, api_key: 'key-c41d9e', webhook_urls: [] }
    await fetch(`${mock.url}/marketplace/partner/callback`, {
      method: 'POST',
      headers: { ...partner, 'content-type': 'application/json' },
      body: JSON.stringify(callback),
    })
    expect(market.seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /marketplace/application/9/tariffs',
      'POST /marketplace/partner/callback',
    ])
    expect(market.seen[1]?.body).toBe(JSON.stringify(callback))
    expect(api.seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /api/v1/marketplace/application/9/tariffs',
      'GET /api/v1/countries',
    ])
    const report = (await (await fetch(`${mock.url}/__mock/drift`)).json()) as {
      data: DriftSummary
    }
    const posted = report.data.entries.find((entry) => entry.route.startsWith('POST'))
    expect(posted?.example?.request).toEqual({
      method: 'POST',
      path: '/marketplace/partner/callback',
      headers: expect.objectContaining({ authorization: 'Bearer ***' }),
      body: { ...callback, api_key: '***' },
    })
    expect(JSON.stringify(report)).not.toMatch(/key-c41d9e|partner-secret/)
    const journal = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as {
      data: { path: string; body: unknown }[]
    }
    expect(
      journal.data.find((entry) => entry.path === '/marketplace/partner/callback')?.body,
    ).toEqual({
      ...callback,
      api_key: '***',
    })

    // Without --upstream-marketplace, the mock answers those routes alone.
    const alone = await upstreamServer(answer)
    const apiOnly = await testMock({ upstream: alone.url })
    await fetch(`${apiOnly.url}/marketplace/application/9/tariffs`, { headers: partner })
    expect(alone.seen).toEqual([])
  })
})
