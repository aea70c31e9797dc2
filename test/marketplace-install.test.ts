import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { PENDING_TTL_MS } from '../src/api/marketplace/state-machine.js'
import { entityFor } from '../src/deliveries/entities/index.js'
import { allFlags, HEADERS, parseWarnings, V2 } from './helpers.js'
import {
  APPLICATION,
  failure,
  install,
  invalid,
  marketplaceApp,
  OWNER_HEADERS,
  PARTNER,
  PARTNER_HEADERS,
  START_WIRE,
} from './marketplace-helpers.js'

const grant = (locationId = 55, headers: Record<string, string> = OWNER_HEADERS) => ({
  method: 'POST' as const,
  url: `/api/v1/company/${locationId}/marketplace/applications/7/grant_access`,
  headers,
})
const callback = (payload: unknown, headers: Record<string, string> = PARTNER_HEADERS) => ({
  method: 'POST' as const,
  url: '/marketplace/partner/callback',
  headers,
  payload: payload as object,
})
const status = (locationId = 55, headers: Record<string, string> = PARTNER_HEADERS) => ({
  method: 'GET' as const,
  url: `/marketplace/salon/${locationId}/application/7`,
  headers,
})
const appFlags = { active: 1, ...allFlags(1), loyalty_card: 0, schedule: 0, self_sending: 0 }

describe('POST /api/v1/company/{id}/marketplace/applications/{id}/grant_access', () => {
  it('creates a pending installation and answers the registration URL', async () => {
    const { app } = await marketplaceApp()
    const res = await app.inject(grant())
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      success: true,
      data: {
        salon_id: 55,
        application_id: 7,
        status: 'pending',
        redirect_url: 'https://partner.example/altegio/register?salon_id=55',
      },
      meta: [],
    })
    expect((await app.inject(status())).json().data.connection_status).toEqual({
      status: 'pending',
      created_at: START_WIRE,
    })
  })

  it("sends production's user_data keys by default, salon_name the location's title as its company webhooks show it", async () => {
    const { app } = await marketplaceApp(200, {
      applications: [{ ...APPLICATION, is_personal_data_access_needed: true }],
    })
    const res = await app.inject(grant())
    expect(res.statusCode).toBe(200)
    const { redirect_url } = res.json().data
    const url = new URL(redirect_url)
    const title =
      // The default --seed, 1.
      (
        entityFor(1, { locationId: 55, resource: 'company', resourceId: 55, status: 'update' }) as {
          title: string
        }
      ).title
    const json = `{"id":123,"name":"Андрей Иванов","phone":"79990009900","email":"andrey@example.com","is_approved":true,"avatar":"https://app.alteg.io/images/no-master.png","salon_name":${JSON.stringify(title)}}`
    const userData = Buffer.from(json, 'utf8').toString('base64')
    expect(res.json()).toEqual({
      success: true,
      data: {
        salon_id: 55,
        application_id: 7,
        status: 'pending',
        redirect_url: `https://partner.example/altegio/register?salon_id=55&user_data=${encodeURIComponent(userData)}&user_data_sign=${createHmac('sha256', PARTNER).update(json).digest('hex')}`,
      },
      meta: [],
    })
    expect(url.searchParams.get('user_data')).toBe(userData)
  })

  it("keeps the support article's four keys as the application's option", async () => {
    const { app } = await marketplaceApp(200, {
      applications: [
        {
          ...APPLICATION,
          is_personal_data_access_needed: true,
          user_data_shape: 'support_article',
        },
      ],
    })
    const url = new URL((await app.inject(grant())).json().data.redirect_url)
    expect(Buffer.from(url.searchParams.get('user_data') ?? '', 'base64').toString('utf8')).toBe(
      '{"user_id":123,"name":"Андрей Иванов","email":"andrey@example.com","phone":"79990009900"}',
    )
  })

  it('takes every key of the owner in the /__mock grant, in the order given, signed over the decoded JSON', async () => {
    const { app } = await marketplaceApp(200, {
      applications: [{ ...APPLICATION, is_personal_data_access_needed: true }],
    })
    const user = {
      id: 13485189,
      name: 'VLADIMIR AVSHTOLIS',
      phone: '79119841012',
      email: 'vlav@example.com',
      is_approved: true,
      avatar: 'https://be.cdn.yclients.com/images/no-master.png',
      salon_name: 'АО "ВИНВИНЛЭНД"',
      extra: { nested: [1, 2] },
    }
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/locations/55/applications/7/grant',
      payload: { user },
    })
    expect(res.statusCode).toBe(200)
    const url = new URL(res.json().data.redirect_url)
    const decoded = Buffer.from(url.searchParams.get('user_data') ?? '', 'base64')
    expect(decoded.toString('utf8')).toBe(JSON.stringify(user))
    expect(url.searchParams.get('user_data_sign')).toBe(
      createHmac('sha256', PARTNER).update(decoded).digest('hex'),
    )
  })

  it('needs the partner and the owner token (401), an allowed location (403), a known app (404)', async () => {
    const { app } = await marketplaceApp(200, { userAccess: { 'owner-token': [56] } })
    const partnerOnly = await app.inject(grant(55, PARTNER_HEADERS))
    expect(partnerOnly.statusCode).toBe(401)
    expect(partnerOnly.json()).toEqual(failure('Authentication needed.'))
    expect(parseWarnings(partnerOnly.headers['x-mock-warnings'])).toEqual([
      'http-401: only a partner token was sent; grant_access needs a user token too: Authorization: Bearer <partner token>, User <user token>',
    ])
    const elsewhere = await app.inject(grant(55))
    expect(elsewhere.statusCode).toBe(403)
    expect(elsewhere.json()).toEqual(failure('Access denied.'))
    const unknown = await app.inject({
      ...grant(56),
      url: '/api/v1/company/56/marketplace/applications/8/grant_access',
    })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual(failure('Application not found'))
    expect(parseWarnings(unknown.headers['x-mock-warnings'])).toEqual([
      'http-404: application 8 is not registered with the mock: register it first (POST /__mock/applications, --applications, or mock.marketplace.register()).',
    ])
  })

  it('answers 403 for another partner’s application, signs nothing and creates nothing', async () => {
    const { app, store } = await marketplaceApp(200, {
      applications: [
        APPLICATION,
        { ...APPLICATION, application_id: 8, partner_token: 'partner-8' },
      ],
    })
    const res = await app.inject({
      ...grant(),
      url: '/api/v1/company/55/marketplace/applications/8/grant_access',
    })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual(failure('Access denied.'))
    expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual([
      'http-403: application 8 belongs to another partner token than the one sent',
    ])
    expect(store.get('installations', '55:8')).toBeUndefined()
  })

  it('refuses a grant while the application is active', async () => {
    const { app } = await marketplaceApp()
    await install(app, 55, [])
    const res = await app.inject(grant())
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        salon_id: [
          'application 7 is already active at location 55: uninstall it first (POST /marketplace/salon/55/application/7/uninstall).',
        ],
      }),
    )
  })
})

describe('POST /marketplace/partner/callback', () => {
  it('activates the pending installation and installs its URLs with the app’s flags, per URL', async () => {
    const { app } = await marketplaceApp()
    const other = { url: 'https://other.example/h', active: 1, ...allFlags(0), record: 1 }
    await app.inject({
      method: 'PUT',
      url: '/__mock/locations/55/settings',
      payload: { url_settings: [other] },
    })
    await app.inject(grant())
    const res = await app.inject(
      callback({
        salon_id: 55,
        application_id: 7,
        api_key: 'k',
        webhook_urls: ['https://p.example/hooks'],
      }),
    )
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ success: true, data: null, meta: [] })
    expect(res.headers['x-mock-warnings']).toBeUndefined()
    const settings = await app.inject({
      method: 'GET',
      url: '/api/v1/hooks_settings/55',
      headers: HEADERS,
    })
    expect(settings.json().data.url_settings).toEqual([
      other,
      { url: 'https://p.example/hooks', ...appFlags },
    ])
  })

  it('answers 401 without a partner token, 403 for another partner’s app, 404 for an unknown app', async () => {
    const { app } = await marketplaceApp()
    const body = { salon_id: 55, application_id: 7 }
    const none = await app.inject(callback(body, { accept: V2 }))
    expect(none.statusCode).toBe(401)
    expect(none.json()).toEqual(failure('Authentication needed.'))
    const other = await app.inject(
      callback(body, { authorization: 'Bearer someone-else', accept: V2 }),
    )
    expect(other.statusCode).toBe(403)
    expect(other.json()).toEqual(failure('Access denied.'))
    expect(parseWarnings(other.headers['x-mock-warnings'])).toEqual([
      'http-403: application 7 belongs to another partner token than the one sent',
    ])
    const unknown = await app.inject(callback({ salon_id: 55, application_id: 8 }))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual(failure('Application not found'))
  })

  it('answers 422 by field: bad ids, more than 10 or repeated URLs; nothing changes', async () => {
    const { app, store } = await marketplaceApp()
    await app.inject(grant())
    const urls = Array.from({ length: 11 }, (_, i) => `https://p.example/${i}`)
    const res = await app.inject(callback({ salon_id: 0, application_id: 7, webhook_urls: urls }))
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        salon_id: [
          `salon_id must be a positive integer up to 999999999999999, the location id, got 0.`,
        ],
        webhook_urls: [
          'webhook_urls must be a list of at most 10 unique webhook URLs, e.g. ["https://example.com/webhook"], got ["https://p.example/0","https://p.example/1","https://p.example/2","https://p....',
        ],
      }),
    )
    const twice = await app.inject(
      callback({
        salon_id: 55,
        application_id: 7,
        webhook_urls: ['https://p.example/', 'https://p.example/'],
      }),
    )
    expect(twice.json()).toEqual(
      invalid({
        webhook_urls: [
          'webhook_urls must not list a URL twice: webhook_urls[0] and webhook_urls[1] are both "https://p.example/".',
        ],
      }),
    )
    expect(store.get('installations', '55:7')?.status).toBe('pending')
    expect(store.get('locations', '55')).toBeUndefined()
  })

  it('answers 422 for webhook_urls the WHATWG parser refuses; nothing changes', async () => {
    const { app, store } = await marketplaceApp()
    await app.inject(grant())
    const res = await app.inject(
      callback({ salon_id: 55, application_id: 7, webhook_urls: ['http://256.256.256.256/'] }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        webhook_urls: [
          'webhook_urls[0] must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio", got "http://256.256.256.256/": its host 256.256.256.256 ends in a number, so it must be an IPv4 address: at most four numbers from 0 to 255, e.g. 192.0.2.10.',
        ],
      }),
    )
    expect(store.get('installations', '55:7')?.status).toBe('pending')
    expect(store.get('locations', '55')).toBeUndefined()
  })

  it('refuses a callback without a grant, after 12 hours, or after activation', async () => {
    const { app, clock } = await marketplaceApp()
    const body = { salon_id: 55, application_id: 7, webhook_urls: ['https://p.example/'] }
    expect((await app.inject(callback(body))).json()).toEqual(
      invalid({
        salon_id: [
          'application 7 is not installed at location 55: the owner grants access first (POST /api/v1/company/55/marketplace/applications/7/grant_access, or POST /__mock/locations/55/applications/7/grant).',
        ],
      }),
    )
    await app.inject(grant())
    clock.advance(PENDING_TTL_MS + 1000)
    const late = await app.inject(callback(body))
    expect(late.statusCode).toBe(422)
    expect(late.json().meta.errors.salon_id[0]).toMatch(
      /granted 12 hours ago: the partner callback must come within 12 hours/,
    )
    await app.inject(grant()) // the owner connects again: a new 12-hour window
    expect((await app.inject(callback(body))).statusCode).toBe(201)
  })

  it('answers a repeated callback for an active installation 403, in the language of the host, changing nothing', async () => {
    const { app, store } = await marketplaceApp()
    const body = { salon_id: 55, application_id: 7, webhook_urls: ['https://p.example/'] }
    await app.inject(grant())
    expect((await app.inject(callback(body))).statusCode).toBe(201)
    const before = store.get('installations', '55:7')
    const reason =
      'http-403: application 7 is already active at location 55: the partner callback activates a pending installation once (read GET /marketplace/salon/55/application/7 first).'
    const again = await app.inject(callback({ ...body, webhook_urls: ['https://q.example/'] }))
    expect(again.statusCode).toBe(403)
    expect(again.json()).toEqual(failure('The user has already installed this application.'))
    expect(parseWarnings(again.headers['x-mock-warnings'])).toEqual([reason])
    const yclients = await app.inject({
      ...callback(body),
      headers: { ...PARTNER_HEADERS, host: 'api.yclients.com' },
    })
    expect(yclients.statusCode).toBe(403)
    expect(yclients.json()).toEqual(failure('Пользователь уже установил это приложение.'))
    expect(store.get('installations', '55:7')).toEqual(before)
    expect(store.get('locations', '55')?.url_settings.map((u) => u.url)).toEqual([
      'https://p.example/',
    ])
  })

  it("keeps the callback's channels on the installation, without an unknown-fields warning", async () => {
    const { app, store } = await marketplaceApp()
    await app.inject(grant())
    const res = await app.inject(
      callback({
        salon_id: 55,
        application_id: 7,
        api_key: 'k',
        webhook_urls: [],
        channels: ['whatsapp'],
      }),
    )
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ success: true, data: null, meta: [] })
    expect(res.headers['x-mock-warnings']).toBeUndefined()
    expect(store.get('installations', '55:7')?.channels).toEqual(['whatsapp'])
    const record = await app.inject({ method: 'GET', url: '/__mock/locations/55/applications/7' })
    expect(record.json().data.channels).toEqual(['whatsapp'])
  })

  it('refuses URLs that would take the location past 10, and warns about fields it ignores', async () => {
    const { app } = await marketplaceApp()
    const nine = Array.from({ length: 9 }, (_, i) => `https://o.example/${i}`)
    await app.inject({
      method: 'PUT',
      url: '/__mock/locations/55/settings',
      payload: { urls: nine, active: 1 },
    })
    await app.inject(grant())
    const res = await app.inject(
      callback({
        salon_id: 55,
        application_id: 7,
        webhook_urls: ['http://a.example/', 'https://b.example/'],
        tips_url: 'x',
      }),
    )
    expect(res.json()).toEqual(
      invalid({
        webhook_urls: [
          'the location would have 11 webhook URLs with these (it has 9); a location keeps at most 10: send fewer, or remove some of its URLs first.',
        ],
      }),
    )
    expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual([
      'unknown-fields: ignored fields the mock does not emulate: tips_url',
      'plain-http-url: plain http URL(s) http://a.example/; the Hub MCP sends https only',
    ])
  })
})

describe('GET /marketplace/salon/{id}/application/{id}', () => {
  it('answers the status, every transition and the payments, as the documented sample', async () => {
    const { app, clock } = await marketplaceApp()
    await app.inject(grant())
    clock.advance(120_000)
    await app.inject(callback({ salon_id: 55, application_id: 7 }))
    const res = await app.inject(status())
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      success: true,
      data: {
        logs: [
          {
            changed_at: START_WIRE,
            status_from: 'uninstalled',
            status_to: 'pending',
            source: 'marketplace',
          },
          {
            changed_at: '2026-05-01 10:02:00',
            status_from: 'pending',
            status_to: 'active',
            source: 'partner_api',
          },
        ],
        payments: [],
        connection_status: { status: 'active', created_at: START_WIRE },
      },
      meta: [],
    })
    // The same routes answer under api.alteg.io's /api/v1 too.
    const api = await app.inject({ ...status(), url: '/api/v1/marketplace/salon/55/application/7' })
    expect(api.json()).toEqual(res.json())
  })

  it('answers 404 "Application isn\'t installed" before the grant and after uninstall; 422 for a bad id', async () => {
    const { app } = await marketplaceApp()
    const never = await app.inject(status())
    expect(never.statusCode).toBe(404)
    expect(never.json()).toEqual(failure("Application isn't installed"))
    expect(parseWarnings(never.headers['x-mock-warnings'])).toEqual([
      'http-404: application 7 was never installed at location 55',
    ])
    const bad = await app.inject({ ...status(), url: '/marketplace/salon/x/application/7' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toEqual(
      invalid({
        location_id: [
          'location_id must be a positive integer up to 999999999999999, the location id (e.g. /salon/123/application/7), got "x".',
        ],
      }),
    )
  })
})

describe('GET /marketplace/application/{id}/salons', () => {
  it('lists the locations where the app is active or frozen, a page at a time', async () => {
    const { app } = await marketplaceApp()
    for (const id of [55, 56, 57]) await install(app, id, [])
    await app.inject(grant(58)) // pending: not listed
    const res = await app.inject({
      method: 'GET',
      url: '/marketplace/application/7/salons?page=2&count=2',
      headers: PARTNER_HEADERS,
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.meta).toEqual([])
    expect(body.data.map((salon: { id: number }) => salon.id)).toEqual([57])
    // Each location as its company webhooks show it (seed 1).
    expect(body.data[0]).toEqual(
      entityFor(1, { locationId: 57, resource: 'company', resourceId: 57, status: 'update' }),
    )
    const first = await app.inject({
      method: 'GET',
      url: '/marketplace/application/7/salons?page=0&count=1000',
      headers: PARTNER_HEADERS,
    })
    expect(first.json().data.map((salon: { id: number }) => salon.id)).toEqual([55, 56, 57])
    const tooMany = await app.inject({
      method: 'GET',
      url: '/marketplace/application/7/salons?count=1001',
      headers: PARTNER_HEADERS,
    })
    expect(tooMany.json()).toEqual(
      invalid({ count: ['count must be an integer from 1 to 1000, got "1001".'] }),
    )
  })
})

describe('GET /marketplace/application/{id}/salons, a big page', () => {
  const company = (id: number) =>
    entityFor(1, { locationId: id, resource: 'company', resourceId: id, status: 'update' })
  const page = (app: Awaited<ReturnType<typeof marketplaceApp>>['app'], query: string) =>
    app.inject({
      method: 'GET',
      url: `/marketplace/application/7/salons?${query}`,
      headers: PARTNER_HEADERS,
    })
  const ids = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i)

  it('answers the whole page of 1000, byte for byte the envelope of each location, and the next pages', async () => {
    const { app } = await marketplaceApp()
    for (const id of ids(1, 1050)) await install(app, id, [])
    const whole = await page(app, 'count=1000')
    expect({ status: whole.statusCode, type: whole.headers['content-type'] }).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
    })
    expect(whole.body).toBe(
      JSON.stringify({ success: true, data: ids(1, 1000).map(company), meta: [] }),
    )
    const second = await page(app, 'page=2&count=1000')
    expect(second.json()).toEqual({ success: true, data: ids(1001, 1050).map(company), meta: [] })
    const third = await page(app, 'page=3&count=1000')
    expect(third.json()).toEqual({ success: true, data: [], meta: [] })
    const middle = await page(app, 'page=3&count=400')
    expect(middle.json()).toEqual({ success: true, data: ids(801, 1050).map(company), meta: [] })
  }, 60_000)

  it('is made in parts, the event loop free between them: other clients are served meanwhile', async () => {
    const { app } = await marketplaceApp()
    for (const id of ids(1, 1000)) await install(app, id, [])
    await page(app, 'count=1000')
    // Macrotask turns while one page of 1000 is answered: each is a moment
    // when another client's request can run.
    let turns = 0
    let done = false
    const tick = () => {
      turns += 1
      if (!done) setImmediate(tick)
    }
    setImmediate(tick)
    const answer = await page(app, 'count=1000')
    done = true
    expect(answer.statusCode).toBe(200)
    expect(turns).toBeGreaterThanOrEqual(10)
  }, 60_000)
})

describe('POST /marketplace/salon/{id}/application/{id}/uninstall', () => {
  it('uninstalls, removes the app’s URLs and only those, and sends the uninstall callback', async () => {
    const { app, sent } = await marketplaceApp()
    const other = { url: 'https://other.example/h', active: 1, ...allFlags(0), record: 1 }
    await app.inject({
      method: 'PUT',
      url: '/__mock/locations/55/settings',
      payload: { url_settings: [other] },
    })
    await install(app, 55, ['https://p.example/hooks'])
    const res = await app.inject({
      method: 'POST',
      url: '/marketplace/salon/55/application/7/uninstall',
      headers: PARTNER_HEADERS,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: null, meta: {} })
    const settings = await app.inject({ method: 'GET', url: '/__mock/locations/55/settings' })
    expect(settings.json().data.url_settings).toEqual([other])
    await app.inject({
      method: 'POST',
      url: '/__mock/deliveries/wait',
      payload: { location_id: 55 },
    })
    expect(sent.map((request) => [request.url, JSON.parse(request.body)])).toEqual([
      [
        'https://partner.example/altegio/callback',
        { salon_id: 55, application_id: 7, event: 'uninstall', partner_token: 'partner-7' },
      ],
    ])
    const again = await app.inject({
      method: 'POST',
      url: '/marketplace/salon/55/application/7/uninstall',
      headers: PARTNER_HEADERS,
    })
    expect(again.statusCode).toBe(404)
    expect(again.json()).toEqual(failure("Application isn't installed"))
    expect((await app.inject(status())).statusCode).toBe(404)
  })

  it('takes no body: an empty one sent with a JSON Content-Type counts as none', async () => {
    const { app } = await marketplaceApp()
    await install(app, 55, [])
    const res = await app.inject({
      method: 'POST',
      url: '/marketplace/salon/55/application/7/uninstall',
      headers: { ...PARTNER_HEADERS, 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: null, meta: {} })
  })
})
