import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readApplicationsFile } from '../src/api/marketplace/applications.js'
import { Store } from '../src/store/store.js'
import { openStore, tempDir, testApp } from './helpers.js'
import {
  APPLICATION,
  install,
  invalid,
  OWNER_HEADERS,
  PARTNER_HEADERS,
  testClock,
} from './marketplace-helpers.js'

// What a route accepts, the data file accepts (issue 18): numbers are finite,
// ids are in one range, dates are real; anything else is a 422 that changes nothing.

const JSON_HEADERS = { ...PARTNER_HEADERS, 'content-type': 'application/json' }
const PAYMENT = {
  salon_id: 55,
  application_id: 7,
  currency_iso: 'EUR',
  payment_sum: 10,
  payment_date: '2026-05-01 10:10:00',
  period_from: '2026-05-01 10:10:00',
  period_to: '2026-06-01 10:10:00',
}
/** JSON text with `1e400` where the marker string was: what a client may send. */
const withHuge = (value: object) => JSON.stringify(value).replace('"HUGE"', '1e400')
const FINITE = '(a JSON number too large for a double, such as 1e400); send a finite number'

async function appOnFile() {
  const file = join(await tempDir(), 'db.json')
  const store = await Store.open(file)
  const { app } = await testApp({
    store,
    now: testClock().now,
    webhookClient: async () => ({ statusCode: 200 }),
    applications: [APPLICATION],
  })
  return { app, store, file }
}

/** Stops the app and its store, then opens the data file again as the next start would. */
async function restart(app: { close(): Promise<unknown> }, store: Store, file: string) {
  await app.close()
  await store.close()
  return openStore(file)
}

describe('numbers are finite', () => {
  it('refuses payment_sum 1e400 with a 422 by field and records nothing', async () => {
    const { app, store, file } = await appOnFile()
    await install(app, 55, [])
    const before = JSON.stringify(store.get('installations', '55:7'))
    const res = await app.inject({
      method: 'POST',
      url: '/marketplace/partner/payment',
      headers: JSON_HEADERS,
      payload: withHuge({ ...PAYMENT, payment_sum: 'HUGE' }),
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        payment_sum: [
          `payment_sum must be a finite number, got Infinity ${FINITE}: it must be a number from 0.`,
        ],
      }),
    )
    expect(JSON.stringify(store.get('installations', '55:7'))).toBe(before)
    const again = await restart(app, store, file)
    expect(again.get('installations', '55:7')?.payments).toEqual([])
  })

  it('refuses amount 1e400 in a payment event', async () => {
    const { app, store } = await appOnFile()
    await install(app, 55, [])
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/locations/55/applications/7/events',
      headers: { 'content-type': 'application/json' },
      payload: withHuge({ event: 'payment', amount: 'HUGE' }),
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        amount: [
          `amount must be a finite number, got Infinity ${FINITE}: it must be a number from 0.`,
        ],
      }),
    )
    expect(store.get('installations', '55:7')?.payments).toEqual([])
  })

  it('refuses a tariff overall_price of 1e400, from a route and from --applications', async () => {
    const { app, store } = await appOnFile()
    const application = {
      ...APPLICATION,
      application_id: 8,
      tariffs: [
        {
          ...APPLICATION.tariffs[0],
          options: [{ ...APPLICATION.tariffs[0]?.options[0], overall_price: 'HUGE' }],
        },
      ],
    }
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      headers: { 'content-type': 'application/json' },
      payload: withHuge(application),
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        tariffs: [
          `tariffs[0][options][0][overall_price] must be a finite number, got Infinity ${FINITE}: it must be a number from 0.`,
        ],
      }),
    )
    expect(store.get('applications', '8')).toBeUndefined()
    const file = join(await tempDir(), 'applications.json')
    await writeFile(file, withHuge([application]))
    await expect(readApplicationsFile(file)).rejects.toThrow(
      `--applications ${file}: entry 0.tariffs.0.options.0.overall_price must be a finite number, got Infinity ${FINITE}: it must be a number from 0. It must be a JSON list`,
    )
  })
})

describe('ids are in one range', () => {
  const BIG = 1_000_000_000_000_000 // 16 digits: past what a path and a file key take
  const RULE = 'must be a positive integer up to 999999999999999'

  it('refuses a 16-digit application_id at registration, as its path route would', async () => {
    const { app, store } = await appOnFile()
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: { ...APPLICATION, application_id: BIG },
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({ application_id: [`application_id ${RULE}, the application id, got ${BIG}.`] }),
    )
    expect(store.size('applications')).toBe(1)
    const path = await app.inject({ method: 'GET', url: `/__mock/applications/${BIG}` })
    expect(path.statusCode).toBe(422)
    expect(path.json()).toEqual(
      invalid({
        application_id: [
          `application_id ${RULE}, the application id (e.g. /__mock/applications/7), got "${BIG}".`,
        ],
      }),
    )
  })

  it('refuses a 16-digit salon_id in add_discount', async () => {
    const { app, store } = await appOnFile()
    const res = await app.inject({
      method: 'POST',
      url: '/marketplace/application/add_discount',
      headers: PARTNER_HEADERS,
      payload: { salon_ids: [55, BIG], application_id: 7, discount: 5 },
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({ salon_ids: [`salon_ids[1] ${RULE}, the location id, got ${BIG}.`] }),
    )
    expect(store.size('installations')).toBe(0)
  })

  it('starts again from a file with the largest ids the routes take', async () => {
    const { app, store, file } = await appOnFile()
    const MAX = 999_999_999_999_999
    const created = await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: { ...APPLICATION, application_id: MAX },
    })
    expect(created.statusCode).toBe(201)
    // A discount applies to an installation: the owner of location MAX connects the app first.
    const grant = await app.inject({
      method: 'POST',
      url: `/api/v1/company/${MAX}/marketplace/applications/${MAX}/grant_access`,
      headers: OWNER_HEADERS,
    })
    expect(grant.statusCode).toBe(200)
    const discount = await app.inject({
      method: 'POST',
      url: '/marketplace/application/add_discount',
      headers: PARTNER_HEADERS,
      payload: { salon_ids: [MAX], application_id: MAX, discount: 5 },
    })
    expect(discount.statusCode).toBe(200)
    const again = await restart(app, store, file)
    expect(again.get('applications', String(MAX))?.application_id).toBe(MAX)
    expect(again.get('installations', `${MAX}:${MAX}`)?.discount).toBe(5)
  })
})

describe('payment dates are real', () => {
  const TIME_RULE = 'must be a real UTC time as "YYYY-MM-DD HH:MM:SS", e.g. "2026-01-01 10:10:00"'

  it('refuses a date that is no day of the calendar, and a period that ends before it starts', async () => {
    const { app, store } = await appOnFile()
    await install(app, 55, [])
    const pay = (payload: object) =>
      app.inject({
        method: 'POST',
        url: '/marketplace/partner/payment',
        headers: PARTNER_HEADERS,
        payload,
      })
    const impossible = await pay({
      ...PAYMENT,
      payment_date: '2026-13-45 99:99:99',
      period_from: '2026-02-29 10:00:00',
    })
    expect(impossible.statusCode).toBe(422)
    expect(impossible.json()).toEqual(
      invalid({
        payment_date: [`payment_date ${TIME_RULE}, got "2026-13-45 99:99:99".`],
        period_from: [`period_from ${TIME_RULE}, got "2026-02-29 10:00:00".`],
      }),
    )
    const backwards = await pay({ ...PAYMENT, period_to: '2026-04-30 10:10:00' })
    expect(backwards.statusCode).toBe(422)
    expect(backwards.json()).toEqual(
      invalid({
        period_to: [
          'period_to is before period_from ("2026-04-30 10:10:00" < "2026-05-01 10:10:00"): the paid period must end at or after its start.',
        ],
      }),
    )
    const event = await app.inject({
      method: 'POST',
      url: '/__mock/locations/55/applications/7/events',
      payload: { event: 'payment', period_to: '2000-01-01 00:00:00' },
    })
    expect(event.statusCode).toBe(422)
    expect(event.json()).toEqual(
      invalid({
        period_to: [
          'period_to is before period_from ("2000-01-01 00:00:00" < "2026-05-01 10:00:00"): the paid period must end at or after its start.',
        ],
      }),
    )
    expect(store.get('installations', '55:7')?.payments).toEqual([])
  })
})
