import { join } from 'node:path'
import fc from 'fast-check'
import { expect } from 'vitest'
import { wireTime } from '../src/api/marketplace/time.js'
import { buildApp } from '../src/app.js'
import { MAX_ID } from '../src/schemas/ids.js'
import { COLLECTIONS } from '../src/store/collections.js'
import { Store } from '../src/store/store.js'
import { fullBody, HEADERS, tempDir } from './helpers.js'
import { testClock } from './marketplace-helpers.js'

/**
 * Whatever the routes accept, the next start finds (issue 18): generated
 * requests (valid per schema, edge numbers and ids, a few past the edge),
 * then a stop, then a start from the data file the mock wrote, which must
 * hold the whole state as it was.
 */

/** A JSON number as a client may write it: `1e400` is JSON too. */
class Raw {
  constructor(readonly text: string) {}
}
/** JSON text of `value`, with each Raw as its own text. */
function json(value: unknown): string {
  const marks: string[] = []
  if (value === undefined) return ''
  const text = JSON.stringify(value, (_key, item) => {
    if (!(item instanceof Raw)) return item
    marks.push(item.text)
    return `@@raw${marks.length - 1}@@`
  })
  return text.replace(/"@@raw(\d+)@@"/g, (_all, index) => marks[Number(index)] as string)
}

const raw = (...texts: string[]) => fc.constantFrom(...texts.map((text) => new Raw(text)))
const amount = fc.oneof(
  raw('0', '-0', '0.1', '990.99', '5e-324', '1e308', '1.7976931348623157e308', '1e400', '-1'),
  fc.double({ min: 0, max: 1e12, noNaN: true }),
  fc.nat(),
)
const percent = fc.oneof(
  raw('0', '100', '15.5', '1e-300', '100.0000000000001', '1e400'),
  fc.double({ min: 0, max: 100, noNaN: true }),
)
const id = fc.oneof(
  fc.constantFrom(1, 7, MAX_ID),
  raw('999999999999999', '1000000000000000', '9007199254740991', '1e15', '1.0'),
  fc.integer({ min: 1, max: MAX_ID }),
)
// Few locations and applications, so that requests meet each other's state.
const location = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(1, 55, MAX_ID) },
  { weight: 1, arbitrary: id },
)
const application = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(7, MAX_ID) },
  { weight: 1, arbitrary: id },
)
const url = fc.constantFrom(
  'https://a.example/hooks',
  'http://b.example:8080/x?y=1',
  'https://c.example/altegio',
  `https://d.example/${'p'.repeat(40)}`,
)
const urls = fc.uniqueArray(url, { minLength: 1, maxLength: 4 })
const flag = fc.constantFrom(0, 1)
const time = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z') })
      .filter((date) => !Number.isNaN(date.getTime()))
      .map(wireTime),
  },
  { weight: 1, arbitrary: fc.constantFrom('2024-02-29 23:59:59', '2026-13-45 99:99:99') },
)
/** A paid period: mostly in order, sometimes ending before it starts. */
const period = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(time, time).map(([a, b]) => (a <= b ? [a, b] : [b, a])) },
  { weight: 1, arbitrary: fc.tuple(time, time) },
)
const TOKENS = ['partner-7', 'partner-8']
const option = fc.record({
  id,
  title: fc.constantFrom('Solo', 'Team of 10'),
  overall_price: amount,
  duration_in_months: fc.integer({ min: 0, max: 120 }),
  currency_iso: fc.constantFrom('USD', 'EUR'),
  staff_amount: fc.integer({ min: 0, max: 100_000 }),
  free_period_in_months: fc.integer({ min: 0, max: 120 }),
})
const tariff = fc.record({
  id,
  title: fc.constantFrom('1 month', '1 year'),
  options: fc.array(option, { maxLength: 2 }),
})

/** A request; a partner's carries the token of application `app` (or, `foreign`, another's). */
type Step = {
  method: 'POST' | 'PUT' | 'DELETE'
  url: string
  body?: unknown
  app?: unknown
  foreign?: boolean
}
const foreign = fc.oneof(
  { weight: 9, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
)
const post = (url: string, body?: unknown, app?: unknown): Step => ({
  method: 'POST',
  url,
  ...(body === undefined ? {} : { body }),
  ...(app === undefined ? {} : { app, foreign: false }),
})
const link = (loc: unknown, app: unknown) => `${json(loc)}/applications/${json(app)}`

const register = fc
  .record(
    {
      application_id: application,
      partner_token: fc.constantFrom(...TOKENS),
      category: fc.constantFrom('other', 'chat_bots', 'telephony'),
      callback_url: fc.constantFrom(null, 'https://partner.example/callback'),
      registration_redirect_url: fc.constantFrom(null, 'https://partner.example/register'),
      is_personal_data_access_needed: fc.boolean(),
      user_data_sign_input: fc.constantFrom('decoded_json', 'base64'),
      webhook_entities: fc.constantFrom(['record'], ['client', 'salon']),
      tariffs: fc.array(tariff, { maxLength: 2 }),
    },
    { requiredKeys: ['application_id', 'partner_token'] },
  )
  .map((body) => [post('/__mock/applications', body)])
const grant = fc
  .tuple(
    location,
    application,
    fc.constantFrom(
      {},
      { user: { user_id: MAX_ID, name: 'Андрей', email: 'a@x.example', phone: '7' } },
    ),
  )
  .map(([loc, app, body]) => post(`/__mock/locations/${link(loc, app)}/grant`, body))
const activate = fc
  .record(
    {
      salon_id: location,
      application_id: application,
      api_key: fc.oneof(fc.constantFrom('key', 'uuid-1'), amount),
      webhook_urls: fc.uniqueArray(url, { maxLength: 3 }),
      chat_url: url,
    },
    { requiredKeys: ['salon_id', 'application_id'] },
  )
  .map((body) => post('/marketplace/partner/callback', body, body.application_id))
/** The owner grants, the partner activates: an installation that payments can reach. */
const install = fc.tuple(grant, activate).map(([granted, activated]) => {
  const body = activated.body as { salon_id: unknown; application_id: unknown }
  return [
    { ...granted, url: `/__mock/locations/${link(body.salon_id, body.application_id)}/grant` },
    activated,
  ]
})
const pay = fc
  .record({
    salon_id: location,
    application_id: application,
    currency_iso: fc.constantFrom('USD', 'EUR'),
    payment_sum: amount,
    payment_date: time,
    period: period,
    more: fc.constantFrom({}, { note: 'x' }, { extra: new Raw('1e400') }),
  })
  .map(({ more, period: [period_from, period_to], ...rest }) => ({
    ...rest,
    period_from,
    period_to,
    more,
  }))
  .map(({ more, ...body }) =>
    post('/marketplace/partner/payment', { ...body, ...more }, body.application_id),
  )
const paymentEvent = fc.record(
  {
    event: fc.constant('payment'),
    amount,
    currency_iso: fc.constantFrom('USD', 'EUR'),
    discount: fc.oneof(fc.constant(null), percent),
    tariff_option_id: fc.oneof(fc.constant(null), id),
    period_from: time,
    period_to: time,
  },
  { requiredKeys: ['event'] },
)

const event = fc.oneof(
  fc.constantFrom({ event: 'freeze' }, { event: 'uninstall' }, { event: 'payment' }),
  paymentEvent,
)
/** An installation, then payments, events and a discount on the same link. */
const installed = fc
  .tuple(install, pay, event, pay, fc.tuple(event, percent))
  .map(([steps, paid, happened, paidAgain, [last, discount]]) => {
    const { salon_id, application_id } = (steps[1] as Step).body as Record<string, unknown>
    const same = (step: Step) => ({
      ...step,
      app: application_id,
      body: { ...(step.body as object), salon_id, application_id },
    })
    const events = `/__mock/locations/${link(salon_id, application_id)}/events`
    return [
      ...steps,
      same(paid),
      post(events, happened),
      same(paidAgain),
      post(events, last),
      post(
        '/marketplace/application/add_discount',
        { salon_ids: [salon_id], application_id, discount },
        application_id,
      ),
    ]
  })

const steps: fc.Arbitrary<Step[]> = fc.oneof(
  installed,
  installed,
  fc
    .tuple(location, urls, flag, fc.constantFrom({}, { record: 1 }, { extra: new Raw('1e400') }))
    .map(([loc, list, active, more]) => [
      post(`/api/v1/hooks_settings/${json(loc)}`, { ...fullBody(list), active, ...more }),
    ]),
  fc
    .tuple(
      location,
      fc.uniqueArray(fc.record({ url, active: flag, client: flag }), {
        minLength: 1,
        maxLength: 3,
        selector: (setting) => setting.url,
      }),
    )
    .map(([loc, settings]) => [
      {
        method: 'PUT' as const,
        url: `/__mock/locations/${json(loc)}/settings`,
        body: { url_settings: settings },
      },
    ]),
  register,
  application.map((app) => [
    { method: 'DELETE' as const, url: `/__mock/applications/${json(app)}` },
  ]),
  grant.map((step) => [step]),
  activate.map((step) => [step]),
  install,
  install,
  fc.tuple(pay, foreign).map(([step, other]) => [{ ...step, foreign: other }]),
  pay.map((step) => [step]),
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), application)
    .map(([n, app]) => [post(`/marketplace/partner/payment/refund/${n}`, undefined, app)]),
  fc
    .record({
      salon_ids: fc.uniqueArray(location, { minLength: 1, maxLength: 3, selector: json }),
      application_id: application,
      discount: percent,
    })
    .map((body) => [post('/marketplace/application/add_discount', body, body.application_id)]),
  fc
    .tuple(location, application, event)
    .map(([loc, app, body]) => [post(`/__mock/locations/${link(loc, app)}/events`, body)]),
  fc
    .tuple(location, application)
    .map(([loc, app]) => [
      post(`/marketplace/salon/${json(loc)}/application/${json(app)}/uninstall`, undefined, app),
    ]),
  location.map((loc) => [{ method: 'DELETE' as const, url: `/__mock/locations/${json(loc)}` }]),
)

/** Every collection, as JSON text that keeps a non-finite number apart from null. */
function snapshot(store: Store): string {
  const state = Object.fromEntries(
    COLLECTIONS.map((name) => [name, Object.fromEntries(store.entries(name))]),
  )
  return JSON.stringify(state, (_key, value) =>
    typeof value === 'number' && !Number.isFinite(value) ? `not finite: ${value}` : value,
  )
}

/** Runs the steps on a mock over a data file, stops it, and starts a store from that file again. */
async function runAndRestart(steps: Step[]): Promise<{ before: string; after: string }> {
  const file = join(await tempDir(), 'db.json')
  const store = await Store.open(file)
  const app = await buildApp({
    store,
    checkResponses: true,
    now: testClock().now,
    webhookClient: async () => ({ statusCode: 200 }),
    deliveryRetryDelayMs: 1,
  })
  // Whose token each application id has: a partner's request carries it.
  const owners = new Map<string, string>()
  try {
    for (const { method, url, body, app: owner, foreign: other } of steps) {
      const own = owners.get(json(owner)) ?? TOKENS[0]
      const token = other ? TOKENS.find((t) => t !== own) : own
      const res = await app.inject({
        method,
        url,
        headers: {
          ...HEADERS,
          ...(owner === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: json(body) }),
      })
      const what = `${method} ${url} ${json(body)}: ${res.body}`
      // Refusals are fine (the property is about what was accepted); a 5xx is not.
      expect(res.statusCode, what).toBeLessThan(500)
      if (url === '/__mock/applications' && res.statusCode === 201) {
        const registered = body as { application_id: unknown; partner_token: string }
        owners.set(json(registered.application_id), registered.partner_token)
      }
    }
  } finally {
    await app.close()
  }
  const before = snapshot(store)
  await store.close()
  const again = await Store.open(file)
  try {
    return { before, after: snapshot(again) }
  } finally {
    await again.close()
  }
}

/**
 * The property: `runs` generated request lists of up to `maxSteps` steps,
 * each run on a mock over a data file, then a restart that finds it all.
 */
export async function checkRestart(runs: number, maxSteps: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      // Two registrations first, so that most marketplace requests find an application.
      fc.tuple(register, register, fc.array(steps, { minLength: 1, maxLength: maxSteps })),
      async ([first, second, lists]) => {
        const { before, after } = await runAndRestart([...first, ...second, ...lists.flat()])
        expect(after).toBe(before)
      },
    ),
    { numRuns: runs },
  )
}
