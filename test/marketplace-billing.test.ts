import { describe, expect, it } from 'vitest'
import { signPayment, signQuery } from '../src/api/marketplace/signing.js'
import { parseWarnings, V2 } from './helpers.js'
import {
  failure,
  install,
  invalid,
  marketplaceApp,
  PARTNER,
  PARTNER_HEADERS,
  START_WIRE,
  TARIFF,
} from './marketplace-helpers.js'

const PAYMENT = {
  salon_id: 55,
  application_id: 7,
  currency_iso: 'EUR',
  payment_sum: 990.99,
  payment_date: '2026-05-01 10:10:00',
  period_from: '2026-05-01 10:10:00',
  period_to: '2026-06-01 10:10:00',
}
const pay = (payload: unknown, headers: Record<string, string> = PARTNER_HEADERS) => ({
  method: 'POST' as const,
  url: '/marketplace/partner/payment',
  headers,
  payload: payload as object,
})
const event = (name: string, extra: object = {}, locationId = 55) => ({
  method: 'POST' as const,
  url: `/__mock/locations/${locationId}/applications/7/events`,
  payload: { event: name, ...extra },
})
const status = async (app: Awaited<ReturnType<typeof marketplaceApp>>['app']) =>
  (
    await app.inject({
      method: 'GET',
      url: '/marketplace/salon/55/application/7',
      headers: PARTNER_HEADERS,
    })
  ).json().data

describe('POST /marketplace/partner/payment', () => {
  it('records the payment, and a frozen installation becomes active again', async () => {
    const { app } = await marketplaceApp()
    await install(app, 55, [])
    await app.inject(event('freeze'))
    const res = await app.inject(pay(PAYMENT))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: { id: 1 }, meta: [] })
    const data = await status(app)
    expect(data.connection_status.status).toBe('active')
    expect(data.payments).toEqual([
      {
        id: 1,
        payment_sum: 990.99,
        payment_date: '2026-05-01 10:10:00',
        is_refunded: false,
        period_from: '2026-05-01 10:10:00',
        period_to: '2026-06-01 10:10:00',
      },
    ])
    expect(data.logs.slice(-2)).toEqual([
      { changed_at: START_WIRE, status_from: 'active', status_to: 'freezed', source: 'billing' },
      { changed_at: START_WIRE, status_from: 'freezed', status_to: 'active', source: 'billing' },
    ])
  })

  it('answers 422 by field for bad values, and for an installation that is not active or frozen', async () => {
    const { app, store } = await marketplaceApp()
    const bad = await app.inject(
      pay({ ...PAYMENT, currency_iso: 'eur', payment_sum: -1, period_to: '2026-06-01' }),
    )
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toEqual(
      invalid({
        currency_iso: [
          'currency_iso must be an ISO currency code of three capital letters, e.g. "EUR", got "eur".',
        ],
        payment_sum: ['payment_sum must be a number from 0, got -1.'],
        period_to: [
          'period_to must be a real UTC time as "YYYY-MM-DD HH:MM:SS", e.g. "2026-01-01 10:10:00", got "2026-06-01".',
        ],
      }),
    )
    const notInstalled = await app.inject(pay(PAYMENT))
    expect(notInstalled.json()).toEqual(
      invalid({
        salon_id: [
          'application 7 is not installed at location 55: the owner grants access first (POST /api/v1/company/55/marketplace/applications/7/grant_access, or POST /__mock/locations/55/applications/7/grant).',
        ],
      }),
    )
    expect(store.get('installations', '55:7')).toBeUndefined()
    const other = await app.inject(pay(PAYMENT, { authorization: 'Bearer other', accept: V2 }))
    expect(other.statusCode).toBe(403)
    expect(other.json()).toEqual(failure('Access denied.'))
  })
})

describe('POST /marketplace/partner/payment/refund/{id}', () => {
  it('marks the payment refunded once; the status stays', async () => {
    const { app } = await marketplaceApp()
    await install(app, 55, [])
    await app.inject(pay(PAYMENT))
    const refund = {
      method: 'POST' as const,
      url: '/marketplace/partner/payment/refund/1',
      headers: PARTNER_HEADERS,
    }
    const res = await app.inject(refund)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: null, meta: [] })
    const data = await status(app)
    expect(data.payments[0].is_refunded).toBe(true)
    expect(data.connection_status.status).toBe('active')
    expect((await app.inject(refund)).json()).toEqual(
      invalid({ payment_id: ['payment 1 is already refunded.'] }),
    )
    const unknown = await app.inject({ ...refund, url: '/marketplace/partner/payment/refund/9' })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json()).toEqual(
      invalid({
        payment_id: [
          'there is no payment 9: send the id POST /marketplace/partner/payment answered.',
        ],
      }),
    )
  })
})

describe('tariffs, payment links and discounts', () => {
  it('answers the application’s tariffs, on both hosts’ paths', async () => {
    const { app } = await marketplaceApp()
    for (const url of [
      '/marketplace/application/7/tariffs',
      '/api/v1/marketplace/application/7/tariffs',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: PARTNER_HEADERS })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ success: true, data: [TARIFF], meta: [] })
    }
    const unknown = await app.inject({
      method: 'GET',
      url: '/marketplace/application/8/tariffs',
      headers: PARTNER_HEADERS,
    })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual(failure('Application not found'))
  })

  it('leaves locations that never installed the app alone, and says so in X-Mock-Warnings', async () => {
    const { app, store } = await marketplaceApp()
    await install(app, 55, [])
    const res = await app.inject({
      method: 'POST',
      url: '/marketplace/application/add_discount',
      headers: PARTNER_HEADERS,
      payload: { salon_ids: [55, 56, 57], application_id: 7, discount: 20 },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: {}, meta: [] })
    expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual([
      'discount-not-installed: application 7 was never installed at locations 56, 57: their discount was ignored (the mock keeps discounts with installations; grant the app there first)',
    ])
    expect(store.get('installations', '55:7')?.discount).toBe(20)
    expect(store.get('installations', '56:7')).toBeUndefined()
    expect(store.get('installations', '57:7')).toBeUndefined()
    expect(store.size('installations')).toBe(1)
  })

  it('sets a discount of 0 to 100 for locations, which a payment link then carries', async () => {
    const { app } = await marketplaceApp()
    await install(app, 55, [])
    await install(app, 56, [])
    const discount = (payload: object, headers: Record<string, string> = PARTNER_HEADERS) =>
      app.inject({ method: 'POST', url: '/marketplace/application/add_discount', headers, payload })
    const res = await discount({ salon_ids: [55, 56], application_id: 7, discount: 15.5 })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: {}, meta: [] })
    expect(
      (await discount({ salon_ids: [55], application_id: 7, discount: 100.5 })).json(),
    ).toEqual(invalid({ discount: ['discount must be a number from 0 to 100, got 100.5.'] }))
    const other = await discount(
      { salon_ids: [55], application_id: 7, discount: 1 },
      { authorization: 'Bearer x', accept: V2 },
    )
    expect(other.statusCode).toBe(403)
    expect(other.json()).toEqual(failure('No access to application'))

    const link = await app.inject({
      method: 'GET',
      url: '/marketplace/application/payment_link?salon_id=55&application_id=7',
      headers: PARTNER_HEADERS,
    })
    const query = 'salon_id=55&application_id=7&discount=15.5&source=api'
    expect(link.json()).toEqual({
      success: true,
      data: {
        url: `https://alteg.io/appstore/payment/?${query}&sign=${signQuery(PARTNER, query)}`,
      },
      meta: [],
    })
    const given = await app.inject({
      method: 'GET',
      url: '/marketplace/application/payment_link?salon_id=56&application_id=7&discount=5&tariff_option_id=123',
      headers: PARTNER_HEADERS,
    })
    expect(given.json().data.url).toMatch(
      /\?salon_id=56&application_id=7&discount=5&tariff_option_id=123&source=api&sign=[0-9a-f]{64}$/,
    )
    const bad = await app.inject({
      method: 'GET',
      url: '/marketplace/application/payment_link?salon_id=55',
      headers: PARTNER_HEADERS,
    })
    expect(bad.json()).toEqual(
      invalid({
        application_id: [
          'application_id is required and must be a positive integer up to 999999999999999, the application id (e.g. application_id=7).',
        ],
      }),
    )
  })
})

describe('lifecycle events from /__mock: freeze, payment, uninstall', () => {
  it('freezes an active installation and POSTs the freeze callback, journaled as resource application', async () => {
    const { app, sent } = await marketplaceApp()
    await install(app, 55, [])
    const res = await app.inject(event('freeze'))
    expect(res.statusCode).toBe(200)
    const payload = { salon_id: 55, application_id: 7, event: 'freeze', partner_token: PARTNER }
    expect(res.json().data).toMatchObject({ delivery_id: 1, skipped: null, payload })
    expect(res.json().data.installation.status).toBe('freezed')
    const [delivery] = (
      await app.inject({
        method: 'POST',
        url: '/__mock/deliveries/wait',
        payload: { resource: 'application', status: 'freeze' },
      })
    ).json().data
    expect(delivery).toMatchObject({
      id: 1,
      location_id: 55,
      resource: 'application',
      status: 'freeze',
      resource_id: 7,
      state: 'delivered',
      payload,
    })
    expect(sent[0]?.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/vnd.api.v2+json',
      'user-agent': 'altegio-hooks-mock',
    })
    const again = await app.inject(event('freeze'))
    expect(again.statusCode).toBe(409)
    expect(again.json()).toEqual(failure('application 7 is already frozen at location 55.'))
  })

  it('records a payment through Altegio with the payment fields and sign, and unfreezes', async () => {
    const { app } = await marketplaceApp()
    await install(app, 55, [])
    await app.inject(event('freeze'))
    const res = await app.inject(event('payment', { discount: 5 }))
    expect(res.statusCode).toBe(200)
    expect(res.json().data.payload).toEqual({
      salon_id: 55,
      application_id: 7,
      event: 'payment',
      partner_token: PARTNER,
      payment_id: 1,
      amount: 500,
      currency_iso: 'USD',
      discount: 5,
      period_from: START_WIRE,
      period_to: '2026-06-01 10:00:00',
      payment_date: START_WIRE,
      tariff_option_id: 123,
      sign: signPayment(PARTNER, 55, 500, 5),
    })
    expect(res.json().data.installation.status).toBe('active')
  })

  it('retries a callback the app answers with 5xx, as webhooks, and says when nothing can be sent', async () => {
    const { app, sent } = await marketplaceApp(503)
    await install(app, 55, [])
    await app.inject(event('uninstall'))
    const [delivery] = (
      await app.inject({
        method: 'POST',
        url: '/__mock/deliveries/wait',
        payload: { location_id: 55 },
      })
    ).json().data
    expect(delivery.state).toBe('failed')
    expect(delivery.attempts.map((a: { status_code: number }) => a.status_code)).toEqual([
      503, 503, 503,
    ])
    expect(sent).toHaveLength(3)

    await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: { application_id: 7, partner_token: PARTNER },
    })
    await install(app, 56, [])
    const silent = await app.inject(event('freeze', {}, 56))
    expect(silent.json().data).toMatchObject({
      delivery_id: null,
      skipped: 'application 7 has no callback_url: nothing was sent.',
    })
    expect(parseWarnings(silent.headers['x-mock-warnings'])).toEqual([])
  })
})
