import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { HEADERS } from './helpers.js'
import {
  failure,
  install,
  marketplaceApp,
  OWNER_HEADERS,
  PARTNER_HEADERS,
} from './marketplace-helpers.js'

const UNAVAILABLE = failure('Service Unavailable.')

async function addFault(app: FastifyInstance, spec: Record<string, unknown>): Promise<number> {
  const res = await app.inject({ method: 'POST', url: '/__mock/faults', payload: spec })
  expect(res.statusCode).toBe(201)
  return (res.json() as { data: { id: number } }).data.id
}

const grant = (app: FastifyInstance, locationId: number) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/company/${locationId}/marketplace/applications/7/grant_access`,
    headers: OWNER_HEADERS,
  })

const callback = (app: FastifyInstance, locationId: number, prefix = '') =>
  app.inject({
    method: 'POST',
    url: `${prefix}/marketplace/partner/callback`,
    headers: PARTNER_HEADERS,
    payload: {
      salon_id: locationId,
      application_id: 7,
      webhook_urls: ['https://partner.example/hooks'],
    },
  })

const hooksSettings = (app: FastifyInstance, locationId: number) =>
  app.inject({ method: 'GET', url: `/api/v1/hooks_settings/${locationId}`, headers: HEADERS })

const record = async (app: FastifyInstance, locationId: number) =>
  (
    (
      await app.inject({
        method: 'GET',
        url: `/__mock/locations/${locationId}/applications/7`,
      })
    ).json() as { data: { status: string; webhook_urls: string[] } }
  ).data

const journal = async (app: FastifyInstance) =>
  (
    (await app.inject({ method: 'GET', url: '/__mock/requests' })).json() as {
      data: { method: string; path: string; status_code: number | null; fault_id: number | null }[]
    }
  ).data.map((e) => [e.method, e.path, e.status_code, e.fault_id])

describe('faults on the marketplace routes', () => {
  it('route "marketplace": the partner callback answers 503 and changes nothing; hooks_settings goes on', async () => {
    const { app } = await marketplaceApp()
    expect((await grant(app, 123)).statusCode).toBe(200)
    const before = (await hooksSettings(app, 123)).body
    const id = await addFault(app, { route: 'marketplace', status: 503 })

    for (const prefix of ['', '/api/v1']) {
      const refused = await callback(app, 123, prefix)
      expect([refused.statusCode, refused.json()]).toEqual([503, UNAVAILABLE])
    }
    // Nothing changed: still pending, no URL installed.
    expect(await record(app, 123)).toMatchObject({ status: 'pending', webhook_urls: [] })
    const settings = await hooksSettings(app, 123)
    expect([settings.statusCode, settings.body]).toEqual([200, before])

    // The owner's grant is a marketplace route too; the /__mock routes never fail.
    expect((await grant(app, 124)).statusCode).toBe(503)
    expect(await journal(app)).toEqual([
      ['POST', '/api/v1/company/123/marketplace/applications/7/grant_access', 200, null],
      ['GET', '/api/v1/hooks_settings/123', 200, null],
      ['POST', '/marketplace/partner/callback', 503, id],
      ['POST', '/api/v1/marketplace/partner/callback', 503, id],
      ['GET', '/api/v1/hooks_settings/123', 200, null],
      ['POST', '/api/v1/company/124/marketplace/applications/7/grant_access', 503, id],
    ])

    // Removed, the callback goes through.
    await app.inject({ method: 'DELETE', url: `/__mock/faults/${id}` })
    expect((await callback(app, 123)).statusCode).toBe(201)
    expect(await record(app, 123)).toMatchObject({
      status: 'active',
      webhook_urls: ['https://partner.example/hooks'],
    })
  })

  it('route "hooks_settings" (the default) leaves the marketplace alone', async () => {
    const { app } = await marketplaceApp()
    await addFault(app, { status: 503 })
    expect((await hooksSettings(app, 123)).statusCode).toBe(503)
    await install(app, 123, ['https://partner.example/hooks'])
    expect((await record(app, 123)).status).toBe('active')
  })

  it('route "any" hits both', async () => {
    const { app } = await marketplaceApp()
    expect((await grant(app, 123)).statusCode).toBe(200)
    const id = await addFault(app, { route: 'any', status: 503, times: 2 })
    const settings = await hooksSettings(app, 123)
    expect([settings.statusCode, settings.json()]).toEqual([503, UNAVAILABLE])
    const refused = await callback(app, 123)
    expect([refused.statusCode, refused.json()]).toEqual([503, UNAVAILABLE])
    expect((await record(app, 123)).status).toBe('pending')
    // Fired twice, it stands by.
    expect((await hooksSettings(app, 123)).statusCode).toBe(200)
    expect((await callback(app, 123)).statusCode).toBe(201)
    const faults = (await app.inject({ method: 'GET', url: '/__mock/faults' })).json() as {
      data: { id: number; fired: number; active: boolean }[]
    }
    expect(faults.data).toMatchObject([{ id, fired: 2, active: false }])
  })

  it('matches location_id and method where the path carries the location', async () => {
    const { app } = await marketplaceApp()
    const id = await addFault(app, {
      route: 'marketplace',
      location_id: 123,
      method: 'POST',
      status: 429,
      headers: { 'Retry-After': '2' },
    })
    const refused = await grant(app, 123)
    expect([refused.statusCode, refused.headers['retry-after']]).toEqual([429, '2'])
    expect(refused.json()).toEqual(failure('Too Many Requests.'))
    expect((await grant(app, 124)).statusCode).toBe(200)
    const status = await app.inject({
      method: 'GET',
      url: '/marketplace/salon/123/application/7',
      headers: PARTNER_HEADERS,
    })
    // A GET, so not this fault: the 404 of an installation never granted.
    expect(status.statusCode).toBe(404)
    const faults = (await app.inject({ method: 'GET', url: '/__mock/faults' })).json() as {
      data: { id: number; fired: number }[]
    }
    expect(faults.data).toMatchObject([{ id, fired: 1 }])
  })

  it('matches location_id where the body or the query names the location', async () => {
    const { app } = await marketplaceApp()
    await grant(app, 123)
    await grant(app, 124)
    const id = await addFault(app, { route: 'marketplace', location_id: 123, status: 503 })
    // The callback names its location in the body.
    const refused = await callback(app, 123)
    expect([refused.statusCode, refused.json()]).toEqual([503, UNAVAILABLE])
    expect((await record(app, 123)).status).toBe('pending')
    expect((await callback(app, 124)).statusCode).toBe(201)
    // The payment link names it in the query.
    const link = (locationId: number) =>
      app.inject({
        method: 'GET',
        url: `/marketplace/application/payment_link?salon_id=${locationId}&application_id=7`,
        headers: PARTNER_HEADERS,
      })
    expect((await link(123)).statusCode).toBe(503)
    expect((await link(124)).statusCode).toBe(200)
    // add_discount, by the first of its salon_ids.
    const discount = (salonIds: number[]) =>
      app.inject({
        method: 'POST',
        url: '/marketplace/application/add_discount',
        headers: PARTNER_HEADERS,
        payload: { salon_ids: salonIds, application_id: 7, discount: 10 },
      })
    expect((await discount([123, 124])).statusCode).toBe(503)
    expect((await discount([124])).statusCode).toBe(200)
    const faults = (await app.inject({ method: 'GET', url: '/__mock/faults' })).json() as {
      data: { id: number; fired: number }[]
    }
    expect(faults.data).toMatchObject([{ id, fired: 3 }])
  })

  it('delays, then answers as usual; a malformed answer is cut JSON', async () => {
    const { app } = await marketplaceApp()
    await addFault(app, { route: 'marketplace', delay_ms: 50, times: 1 })
    const started = Date.now()
    expect((await grant(app, 123)).statusCode).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    await addFault(app, { route: 'marketplace', kind: 'malformed', times: 1 })
    const cut = await callback(app, 123)
    expect(cut.statusCode).toBe(200)
    expect(() => JSON.parse(cut.body)).toThrow()
    expect((await record(app, 123)).status).toBe('pending')
  })

  it('--rate-limit covers the marketplace routes: over it, 429 with Retry-After', async () => {
    const { app } = await marketplaceApp(200, { rateLimit: '2/min' })
    const tariffs = () =>
      app.inject({
        method: 'GET',
        url: '/marketplace/application/7/tariffs',
        headers: PARTNER_HEADERS,
      })
    expect((await tariffs()).statusCode).toBe(200)
    expect((await tariffs()).statusCode).toBe(200)
    const over = await tariffs()
    expect([over.statusCode, over.headers['retry-after']]).toEqual([429, '60'])
    expect((over.json() as { meta: { message: string } }).meta.message).toMatch(
      /^Too many requests: over 2\/min/,
    )
  })

  it('--rate-limit is one budget for hooks_settings and the marketplace, as on the platform', async () => {
    const { app } = await marketplaceApp(200, { rateLimit: '3/min' })
    const tariffs = () =>
      app.inject({
        method: 'GET',
        url: '/marketplace/application/7/tariffs',
        headers: PARTNER_HEADERS,
      })
    // The same partner, with the owner's user token as hooks_settings needs it.
    const settings = () =>
      app.inject({ method: 'GET', url: '/api/v1/hooks_settings/123', headers: OWNER_HEADERS })
    expect((await settings()).statusCode).toBe(200)
    expect((await settings()).statusCode).toBe(200)
    expect((await tariffs()).statusCode).toBe(200)
    expect((await tariffs()).statusCode).toBe(429)
    expect((await settings()).statusCode).toBe(429)
    // Another partner has a budget of its own.
    expect((await hooksSettings(app, 123)).statusCode).toBe(200)
  })
})
