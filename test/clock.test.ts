import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { ClockState } from '../src/schemas/clock.js'
import { TypeCompiler } from '../src/schemas/typebox.js'
import { logCommits, openStore, tempDir, testApp } from './helpers.js'
import { APPLICATION, install, invalid, PARTNER_HEADERS, testClock } from './marketplace-helpers.js'

const clock = (payload: unknown) => ({
  method: 'POST' as const,
  url: '/__mock/clock',
  payload: payload as object,
})
const reading = (now: string, mode: 'real' | 'manual') => ({
  success: true,
  data: { now, mode },
  meta: [],
})

/** An app on a test base clock (2026-05-01T10:00:00Z) whose deliveries go to a recording fake. */
async function clockApp(options: Record<string, unknown> = {}) {
  const sent: { url: string; body: unknown; at: string }[] = []
  const answer = { status: 200 }
  const base = testClock()
  let app: FastifyInstance | undefined
  const built = await testApp({
    now: base.now,
    webhookClient: async (request) => {
      sent.push({
        url: request.url,
        body: JSON.parse(request.body),
        at: app?.mock.clock.get().now ?? '',
      })
      return { statusCode: answer.status }
    },
    applications: [APPLICATION],
    ...options,
  })
  app = built.app
  return { ...built, sent, answer, base }
}

const get = async (app: FastifyInstance, url: string) => (await app.inject(url)).json()

/** A location whose one URL takes every record, and an event with a small given entity. */
async function seedRecords(app: FastifyInstance, locationId = 1) {
  await app.inject({
    method: 'PUT',
    url: `/__mock/locations/${locationId}/settings`,
    payload: { urls: ['https://receiver.example/hooks'], active: 1, record: 1 },
  })
}
const recordEvent = (locationId = 1) => ({
  method: 'POST' as const,
  url: `/__mock/locations/${locationId}/events`,
  payload: { resource: 'record', status: 'create', resource_id: 5, data: { id: 5 } },
})

/** A delivery as the journal answers it, without its attempts' durations. */
const withoutDurations = (delivery: { attempts: { duration_ms: number }[] }) => ({
  ...delivery,
  attempts: delivery.attempts.map(({ duration_ms: _, ...attempt }) => attempt),
})

describe('GET and POST /__mock/clock', () => {
  it('reads the base clock while real; a set time stands still; real runs on from where it stood', async () => {
    const { app, base } = await clockApp()
    expect(await get(app, '/__mock/clock')).toEqual(reading('2026-05-01T10:00:00.000Z', 'real'))
    base.advance(1000)
    expect(await get(app, '/__mock/clock')).toEqual(reading('2026-05-01T10:00:01.000Z', 'real'))

    const set = await app.inject(clock({ now: '2026-01-01T00:00:00+02:00' }))
    expect(set.statusCode).toBe(200)
    expect(set.json()).toEqual(reading('2025-12-31T22:00:00.000Z', 'manual'))
    base.advance(60_000)
    expect(await get(app, '/__mock/clock')).toEqual(reading('2025-12-31T22:00:00.000Z', 'manual'))

    expect((await app.inject(clock({ mode: 'real' }))).json()).toEqual(
      reading('2025-12-31T22:00:00.000Z', 'real'),
    )
    base.advance(500)
    expect(await get(app, '/__mock/clock')).toEqual(reading('2025-12-31T22:00:00.500Z', 'real'))
    // Stopped where it stands, then advanced.
    expect((await app.inject(clock({ mode: 'manual' }))).json()).toEqual(
      reading('2025-12-31T22:00:00.500Z', 'manual'),
    )
    expect((await app.inject(clock({ advance_ms: 1500 }))).json()).toEqual(
      reading('2025-12-31T22:00:02.000Z', 'manual'),
    )
  })

  it('advances by ISO 8601 durations: calendar months and years in UTC, weeks, days, hours, seconds', async () => {
    const { app } = await clockApp()
    await app.inject(clock({ now: '2026-01-31T00:00:00Z' }))
    const steps: [string, string][] = [
      ['P1M', '2026-03-03T00:00:00.000Z'],
      ['P31D', '2026-04-03T00:00:00.000Z'],
      ['PT12H', '2026-04-03T12:00:00.000Z'],
      ['P2W', '2026-04-17T12:00:00.000Z'],
      ['P1Y1M1DT1H1M1.5S', '2027-05-18T13:01:01.500Z'],
    ]
    for (const [advance, now] of steps) {
      expect((await app.inject(clock({ advance }))).json()).toEqual(reading(now, 'manual'))
    }
    // A later time on a stopped clock is an advance to it; the same time changes nothing.
    expect((await app.inject(clock({ now: '2027-06-01T00:00:00Z' }))).json()).toEqual(
      reading('2027-06-01T00:00:00.000Z', 'manual'),
    )
    expect((await app.inject(clock({ now: '2027-06-01T00:00:00Z' }))).json()).toEqual(
      reading('2027-06-01T00:00:00.000Z', 'manual'),
    )
  })

  it('refuses what it cannot do with a 422 by field, and the clock stays as it was', async () => {
    const { app } = await clockApp()
    const refusals: [unknown, Record<string, string[]>][] = [
      [
        { advance_ms: 1000 },
        {
          advance_ms: [
            'the clock runs in real time: stop it first, at a time ({"now": "2026-01-01T00:00:00Z"}) or where it stands ({"mode": "manual"}), then advance it.',
          ],
        },
      ],
      [
        { advance: 'P1D' },
        {
          advance: [
            'the clock runs in real time: stop it first, at a time ({"now": "2026-01-01T00:00:00Z"}) or where it stands ({"mode": "manual"}), then advance it.',
          ],
        },
      ],
    ]
    for (const [body, errors] of refusals) {
      const res = await app.inject(clock(body))
      expect({ status: res.statusCode, body: res.json() }).toEqual({
        status: 422,
        body: invalid(errors),
      })
    }
    expect(await get(app, '/__mock/clock')).toEqual(reading('2026-05-01T10:00:00.000Z', 'real'))

    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    const stopped: [unknown, Record<string, string[]>][] = [
      [
        { now: '2025-12-31T23:59:59Z' },
        {
          now: [
            '2025-12-31T23:59:59.000Z is before the clock\'s 2026-01-01T00:00:00.000Z: the clock does not go back while it is stopped: to start over, run it again ({"mode": "real"}) and set it, or reset the mock (POST /__mock/reset).',
          ],
        },
      ],
      [
        { advance_ms: -1 },
        {
          advance_ms: [
            'advance_ms must be an integer from 0 to 3155760000000 (ms; the clock does not go back), e.g. 1500, got -1.',
          ],
        },
      ],
      [
        { advance: '-P1D' },
        {
          advance: [
            'advance must be an ISO 8601 duration such as "P1M", "P31D", "PT12H" or "PT1.5S", got "-P1D".',
          ],
        },
      ],
      [
        { now: '2026-01-02' },
        {
          now: [
            'now must be an ISO 8601 date-time with an offset, such as 2026-01-01T00:00:00Z, got "2026-01-02".',
          ],
        },
      ],
      [{ mode: 'stopped' }, { mode: ['mode must be real or manual, got "stopped".'] }],
      [
        {},
        {
          now: [
            'give exactly one of now, advance_ms, advance, mode: e.g. {"now": "2026-01-01T00:00:00Z"}.',
          ],
        },
      ],
      [
        { advance_ms: 1, mode: 'real' },
        {
          advance_ms: [
            'give exactly one of now, advance_ms, advance, mode, not advance_ms and mode together.',
          ],
          mode: [
            'give exactly one of now, advance_ms, advance, mode, not advance_ms and mode together.',
          ],
        },
      ],
    ]
    for (const [body, errors] of stopped) {
      const res = await app.inject(clock(body))
      expect({ status: res.statusCode, body: res.json() }).toEqual({
        status: 422,
        body: invalid(errors),
      })
    }
    const unknown = await app.inject(clock({ advance_days: 1 }))
    expect(unknown.statusCode).toBe(422)
    expect(Object.keys(unknown.json().meta.errors)).toEqual(['advance_days'])
    expect(await get(app, '/__mock/clock')).toEqual(reading('2026-01-01T00:00:00.000Z', 'manual'))
  })

  it('is what journals read: deliveries, attempts, requests and faults carry its time', async () => {
    const { app } = await clockApp()
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    await seedRecords(app)
    await app.inject(recordEvent())
    await app.inject({ method: 'GET', url: '/api/v1/hooks_settings/1' })
    const fault = await app.inject({
      method: 'POST',
      url: '/__mock/faults',
      payload: { route: 'hooks_settings', kind: 'status', status: 503, location_id: 9 },
    })
    const [delivery] = (await get(app, '/__mock/deliveries')).data
    expect({
      created_at: delivery.created_at,
      finished_at: delivery.finished_at,
      started_at: delivery.attempts[0].started_at,
      request: (await get(app, '/__mock/requests')).data[0].time,
      fault: fault.json().data.created_at,
    }).toEqual({
      created_at: '2026-01-01T00:00:00.000Z',
      finished_at: '2026-01-01T00:00:00.000Z',
      started_at: '2026-01-01T00:00:00.000Z',
      request: '2026-01-01T00:00:00.000Z',
      fault: '2026-01-01T00:00:00.000Z',
    })
  })

  it('a global reset runs the clock in real time again, from the base clock; a location reset leaves it', async () => {
    const { app } = await clockApp()
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    await app.inject({ method: 'DELETE', url: '/__mock/locations/1' })
    expect(await get(app, '/__mock/clock')).toEqual(reading('2026-01-01T00:00:00.000Z', 'manual'))
    await app.inject({ method: 'POST', url: '/__mock/reset' })
    expect(await get(app, '/__mock/clock')).toEqual(reading('2026-05-01T10:00:00.000Z', 'real'))
  })
})

describe('deliveries on a stopped clock', () => {
  it('a delayed delivery waits for the clock, not the wall clock, and goes when the clock reaches it', async () => {
    const { app, sent } = await clockApp({ deliveryDelayMs: 1000 })
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    await seedRecords(app)
    await app.inject(recordEvent())
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(sent).toEqual([])
    await app.inject(clock({ advance_ms: 999 }))
    expect(sent).toEqual([])
    expect((await app.inject(clock({ advance_ms: 1 }))).json()).toEqual(
      reading('2026-01-01T00:00:01.000Z', 'manual'),
    )
    // Sent before the advance answered.
    expect(sent).toEqual([
      {
        url: 'https://receiver.example/hooks',
        body: {
          company_id: 1,
          resource: 'record',
          resource_id: 5,
          status: 'create',
          data: { id: 5 },
        },
        at: '2026-01-01T00:00:01.000Z',
      },
    ])
  })

  it('a retry arrives only when the clock is advanced by the retry delay, each attempt at its time', async () => {
    const { app, sent, answer } = await clockApp({ deliveryRetryDelayMs: 1500 })
    answer.status = 500
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    await seedRecords(app)
    const triggered = await app.inject(recordEvent())
    expect(triggered.json().data.delivery_ids).toEqual([1])
    await app.inject(clock({ advance_ms: 1499 }))
    expect(sent.map((s) => s.at)).toEqual(['2026-01-01T00:00:00.000Z'])
    const retrying = (await get(app, '/__mock/deliveries/1')).data
    expect(retrying.state).toBe('retrying')
    // One advance past both retries: each one at its own time, in order.
    await app.inject(clock({ advance: 'PT10S' }))
    expect(sent.map((s) => s.at)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:01.500Z',
      '2026-01-01T00:00:03.000Z',
    ])
    const failed = (await get(app, '/__mock/deliveries/1')).data
    expect(withoutDurations(failed)).toEqual({
      id: 1,
      location_id: 1,
      url: 'https://receiver.example/hooks',
      resource: 'record',
      status: 'create',
      resource_id: 5,
      self_caused: false,
      duplicate_of: null,
      redelivery_of: null,
      state: 'failed',
      created_at: '2026-01-01T00:00:00.000Z',
      finished_at: '2026-01-01T00:00:03.000Z',
      payload: {
        company_id: 1,
        resource: 'record',
        resource_id: 5,
        status: 'create',
        data: { id: 5 },
      },
      attempts: [1, 2, 3].map((attempt) => ({
        attempt,
        started_at: sent[attempt - 1]?.at,
        status_code: 500,
        error: null,
      })),
    })
  })

  it('a wait set while the clock ran keeps what it had left when the clock is set, and goes by the wall clock again once real', async () => {
    const { app, sent } = await clockApp({ deliveryDelayMs: 300 })
    await seedRecords(app)
    await app.inject(recordEvent())
    await app.inject(clock({ now: '2030-01-01T00:00:00Z' }))
    await app.inject(clock({ advance_ms: 299 }))
    expect(sent).toEqual([])
    await app.inject(clock({ mode: 'real' }))
    await app.mock.deliveries.waitFor({ delivery_ids: [1] }, undefined, 2000)
    expect(sent.map((s) => s.url)).toEqual(['https://receiver.example/hooks'])
  })

  it('reorder windows close on the clock too', async () => {
    const { app, sent } = await clockApp()
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    await seedRecords(app)
    await app.inject({ method: 'PUT', url: '/__mock/locations/1/options', payload: { reorder: 5 } })
    await app.inject(recordEvent())
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(sent).toEqual([])
    await app.inject(clock({ advance_ms: 100 }))
    expect(sent.map((s) => s.at)).toEqual(['2026-01-01T00:00:00.100Z'])
  })
})

const PERIOD_FROM = '2026-01-01 00:00:00'
const payment = (locationId: number, period_to: string) => ({
  method: 'POST' as const,
  url: '/marketplace/partner/payment',
  headers: PARTNER_HEADERS,
  payload: {
    salon_id: locationId,
    application_id: 7,
    currency_iso: 'USD',
    payment_sum: 500,
    payment_date: PERIOD_FROM,
    period_from: PERIOD_FROM,
    period_to,
  },
})
const installation = async (app: FastifyInstance, locationId: number) =>
  (await get(app, `/__mock/locations/${locationId}/applications/7`)).data

describe('the marketplace on the clock', () => {
  it('a pending installation can be activated for 12 hours of the clock, then no more', async () => {
    const { app } = await clockApp()
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    const grant = (locationId: number) =>
      app.inject({ method: 'POST', url: `/__mock/locations/${locationId}/applications/7/grant` })
    const callback = (locationId: number) =>
      app.inject({
        method: 'POST',
        url: '/marketplace/partner/callback',
        headers: PARTNER_HEADERS,
        payload: { salon_id: locationId, application_id: 7, api_key: 'key', webhook_urls: [] },
      })
    await grant(1)
    await app.inject(clock({ advance: 'PT12H' }))
    await grant(2)
    expect((await callback(1)).statusCode).toBe(201)
    await app.inject(clock({ advance_ms: 12 * 3_600_000 + 1000 }))
    const late = await callback(2)
    expect({ status: late.statusCode, body: late.json() }).toEqual({
      status: 422,
      body: invalid({
        salon_id: [
          'the pending installation of application 7 at location 2 was granted 12 hours ago: the partner callback must come within 12 hours of the grant; the owner grants access again (POST /api/v1/company/2/marketplace/applications/7/grant_access).',
        ],
      }),
    })
    // It stays pending (marketplace contract U13).
    expect((await installation(app, 2)).status).toBe('pending')
  })

  it('an installation whose paid period ends freezes by itself, in time order, its freeze callback sent; a payment covering the time keeps another active', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file)
    const { app, sent } = await clockApp({ store })
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    for (const locationId of [1, 2, 3]) await install(app, locationId, [])
    await app.inject(payment(1, '2026-01-21 00:00:00'))
    await app.inject(payment(2, '2026-01-11 00:00:00'))
    // Location 3 pays twice: the later period covers the advance.
    await app.inject(payment(3, '2026-01-11 00:00:00'))
    await app.inject(payment(3, '2026-03-01 00:00:00'))
    const callbacksBefore = sent.length

    const advanced = await app.inject(clock({ advance: 'P31D' }))
    expect(advanced.json()).toEqual(reading('2026-02-01T00:00:00.000Z', 'manual'))
    // Location 2's period ended first: its freeze came first.
    expect(sent.slice(callbacksBefore)).toEqual(
      [2, 1].map((salon_id) => ({
        url: APPLICATION.callback_url,
        body: {
          salon_id,
          application_id: 7,
          event: 'freeze',
          partner_token: APPLICATION.partner_token,
        },
        at: salon_id === 2 ? '2026-01-11T00:00:00.000Z' : '2026-01-21T00:00:00.000Z',
      })),
    )
    const frozen = await installation(app, 2)
    expect(frozen.status).toBe('freezed')
    expect(frozen.logs).toEqual([
      {
        changed_at: '2026-01-01 00:00:00',
        status_from: 'uninstalled',
        status_to: 'pending',
        source: 'marketplace',
      },
      {
        changed_at: '2026-01-01 00:00:00',
        status_from: 'pending',
        status_to: 'active',
        source: 'partner_api',
      },
      {
        changed_at: '2026-01-11 00:00:00',
        status_from: 'active',
        status_to: 'freezed',
        source: 'billing',
      },
    ])
    expect((await installation(app, 1)).logs.at(-1)).toEqual({
      changed_at: '2026-01-21 00:00:00',
      status_from: 'active',
      status_to: 'freezed',
      source: 'billing',
    })
    expect((await installation(app, 3)).status).toBe('active')
    // The data file's last commits are the two freezes, each installation whole.
    const commits = (await logCommits(file)).slice(-2) as { changes: unknown[] }[]
    expect(commits.map((c) => c.changes)).toEqual([
      [{ op: 'put', collection: 'installations', key: '2:7', value: frozen }],
      [{ op: 'put', collection: 'installations', key: '1:7', value: await installation(app, 1) }],
    ])
  })

  it('a refunded payment pays for nothing; an installation never paid does not expire', async () => {
    const { app } = await clockApp()
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    await install(app, 1, [])
    await install(app, 2, [])
    await app.inject(payment(1, '2026-03-01 00:00:00'))
    await app.inject(payment(1, '2026-01-05 00:00:00'))
    await app.inject({
      method: 'POST',
      url: '/marketplace/partner/payment/refund/1',
      headers: PARTNER_HEADERS,
    })
    await app.inject(clock({ advance: 'P10D' }))
    expect((await installation(app, 1)).logs.at(-1)).toEqual({
      changed_at: '2026-01-05 00:00:00',
      status_from: 'active',
      status_to: 'freezed',
      source: 'billing',
    })
    expect((await installation(app, 2)).status).toBe('active')
  })

  it('while the clock runs in real time, nothing freezes by itself', async () => {
    const { app } = await clockApp()
    await install(app, 1, [])
    await app.inject(payment(1, '2026-01-02 00:00:00'))
    expect((await installation(app, 1)).status).toBe('active')
  })
})

describe('the now option', () => {
  it('is the base of the clock: journals follow it while real, and not while stopped', async () => {
    const base = testClock()
    const app = await buildApp({ now: base.now, webhookClient: async () => ({ statusCode: 200 }) })
    try {
      base.advance(5000)
      expect(app.mock.clock.get()).toEqual({ now: '2026-05-01T10:00:05.000Z', mode: 'real' })
      await app.mock.clock.stop()
      base.advance(5000)
      expect(app.mock.clock.get()).toEqual({ now: '2026-05-01T10:00:05.000Z', mode: 'manual' })
      expect(app.mock.clock.state()).toEqual({
        mode: 'manual',
        now_ms: Date.parse('2026-05-01T10:00:05Z'),
      })
    } finally {
      await app.close()
    }
  })
})

describe('the clock as a snapshot keeps it', () => {
  it('state() is JSON its schema accepts, and restore() puts the clock back as a jump', async () => {
    const { app } = await clockApp()
    const { app: other, sent } = await clockApp({ deliveryDelayMs: 1000 })
    const check = TypeCompiler.Compile(ClockState)
    expect(app.mock.clock.state()).toEqual({ mode: 'real', offset_ms: 0 })
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    const state = JSON.parse(JSON.stringify(app.mock.clock.state()))
    expect(state).toEqual({ mode: 'manual', now_ms: Date.parse('2026-01-01T00:00:00Z') })
    expect(check.Check(state)).toBe(true)
    expect(check.Check({ mode: 'manual', now: 1 })).toBe(false)

    // A delivery waiting on the other mock keeps what it had left across the restore.
    await seedRecords(other)
    await other.inject(recordEvent())
    expect(await other.mock.clock.restore(state)).toEqual({
      now: '2026-01-01T00:00:00.000Z',
      mode: 'manual',
    })
    await other.inject(clock({ advance_ms: 999 }))
    expect(sent).toEqual([])
    await other.inject(clock({ advance_ms: 1 }))
    expect(sent.map((s) => s.at)).toEqual(['2026-01-01T00:00:01.000Z'])
    await other.mock.clock.restore({ mode: 'real', offset_ms: 60_000 })
    expect(await get(other, '/__mock/clock')).toEqual(reading('2026-05-01T10:01:00.000Z', 'real'))
  })
})

describe('snapshots and the state document', () => {
  it('a snapshot keeps the clock and a restore puts it back; importing a document runs it in real time again', async () => {
    const { app } = await clockApp()
    await app.inject(clock({ now: '2026-01-01T00:00:00Z' }))
    const taken = await app.inject({
      method: 'POST',
      url: '/__mock/snapshots',
      payload: { name: 'new-year' },
    })
    expect(taken.json().data.entries.clock).toBe(1)
    await app.inject(clock({ advance: 'P31D' }))
    const restored = await app.inject({
      method: 'POST',
      url: '/__mock/snapshots/new-year/restore',
    })
    expect(restored.statusCode).toBe(200)
    expect(await get(app, '/__mock/clock')).toEqual(reading('2026-01-01T00:00:00.000Z', 'manual'))
    const document = await get(app, '/__mock/state')
    const imported = await app.inject({ method: 'PUT', url: '/__mock/state', payload: document })
    expect(imported.statusCode).toBe(200)
    expect(await get(app, '/__mock/clock')).toEqual(reading('2026-05-01T10:00:00.000Z', 'real'))
  })
})
