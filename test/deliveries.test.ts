import { describe, expect, it } from 'vitest'
import type { AltegioMockOptions } from '../src/mock.js'
import { RecordEntity } from '../src/schemas/entities/record.js'
import { RESOURCE_FLAGS, RESOURCES, type Resource } from '../src/schemas/event.js'
import { lazyCheck } from '../src/schemas/validator.js'
import { fullBody, testMock } from './helpers.js'
import { refusingUrl, startReceiver } from './receiver.js'

const checkRecord = lazyCheck(RecordEntity)

async function mock(options: AltegioMockOptions = {}) {
  const m = await testMock({ deliveryRetryDelayMs: 20, ...options })
  return m
}

describe('gating', () => {
  it('sends each resource only where its flag is on, under the webhook resource name', async () => {
    const m = await mock()
    const receiver = await startReceiver()
    // Location i switches on only the flag of RESOURCES[i]; every resource fires everywhere.
    for (const [i, resource] of RESOURCES.entries()) {
      await m.seed(i + 1, fullBody([receiver.url], { [RESOURCE_FLAGS[resource]]: 1 }))
    }
    const results = await Promise.all(
      RESOURCES.map((_, i) =>
        m.trigger(
          i + 1,
          RESOURCES.map((resource) => ({ resource, status: 'create' as const, resource_id: 7 })),
        ),
      ),
    )
    for (const [i, result] of results.entries()) {
      const sent = result.events.filter((e) => e.skipped === null).map((e) => e.resource)
      expect(sent).toEqual([RESOURCES[i]])
      const skipped = result.events.find((e) => e.resource !== RESOURCES[i])
      const other = skipped?.resource as Resource
      expect(skipped?.skipped).toBe(`${RESOURCE_FLAGS[other]} is 0: ${other} events are not sent`)
    }
    await m.deliveries.waitFor({ count: RESOURCES.length, timeoutMs: 5000 })
    const got = receiver.received.map((r) => r.body as { company_id: number; resource: string })
    expect(got.map((b) => [b.company_id, b.resource]).sort()).toEqual(
      RESOURCES.map((resource, i) => [i + 1, resource]).sort(),
    )
  })

  it('sends nothing while active is 0, or to a location without settings, and says why', async () => {
    const m = await mock()
    const receiver = await startReceiver()
    await m.seed(1, { ...fullBody([receiver.url], { record: 1 }), active: 0 })
    const event = { resource: 'record' as const, status: 'create' as const, resource_id: 1 }
    expect(await m.trigger(1, event)).toEqual({
      delivery_ids: [],
      events: [
        {
          ...event,
          delivery_ids: [],
          skipped: 'active is 0: nothing is sent while the settings are inactive',
          skipped_urls: [
            {
              url: receiver.url,
              reason: 'active is 0: nothing is sent while the settings are inactive',
            },
          ],
        },
      ],
    })
    expect((await m.trigger(2, event)).events[0]?.skipped).toBe(
      'location 2 has no webhook URLs: save settings first (POST /api/v1/hooks_settings/2, or PUT /__mock/locations/2/settings)',
    )
    expect(await m.deliveries.list()).toEqual([])
  })

  it('holds back events the caller caused while self_sending is 0', async () => {
    const m = await mock()
    const receiver = await startReceiver()
    await m.seed(1, fullBody([receiver.url], { client: 1 }))
    await m.seed(2, fullBody([receiver.url], { client: 1, self_sending: 1 }))
    const event = {
      resource: 'client' as const,
      status: 'update' as const,
      resource_id: 3,
      self_caused: true,
    }
    expect((await m.trigger(1, event)).events[0]?.skipped).toBe(
      'self_sending is 0: events the caller caused itself are not sent',
    )
    expect((await m.trigger(1, { ...event, self_caused: false })).delivery_ids).toHaveLength(1)
    expect((await m.trigger(2, event)).delivery_ids).toHaveLength(1)
    await m.deliveries.waitFor({ count: 2 })
    expect(
      receiver.received.map((r) => (r.body as { company_id: number }).company_id).sort(),
    ).toEqual([1, 2])
  })
})

describe('payloads', () => {
  it('POSTs the contract payload as JSON to every URL, with the configured bearer token', async () => {
    const m = await mock({ deliveryToken: 'hook-secret' })
    const a = await startReceiver()
    const b = await startReceiver()
    await m.seed(55, fullBody([a.url, b.url], { record: 1 }))
    const data = { id: 9, comment: 'given by the test' }
    const result = await m.trigger(55, {
      resource: 'record',
      status: 'update',
      resource_id: 9,
      data,
    })
    expect(result.delivery_ids).toEqual([1, 2])
    const finished = await m.deliveries.waitFor({ location_id: 55, count: 2 })
    expect(finished.map((d) => [d.id, d.url, d.state])).toEqual([
      [1, a.url, 'delivered'],
      [2, b.url, 'delivered'],
    ])
    for (const receiver of [a, b]) {
      expect(receiver.received).toHaveLength(1)
      const [got] = receiver.received
      expect(got?.body).toEqual({
        company_id: 55,
        resource: 'record',
        resource_id: 9,
        status: 'update',
        data,
      })
      expect(got?.headers['content-type']).toBe('application/json')
      expect(got?.headers.authorization).toBe('Bearer hook-secret')
    }
  })

  it('sends schedule events as update with data [], and names salon/master as company/staff', async () => {
    const m = await mock()
    const receiver = await startReceiver()
    await m.seed(8, fullBody([receiver.url], { schedule: 1, salon: 1, master: 1 }))
    await m.trigger(8, [
      { resource: 'schedule', status: 'create', resource_id: 31, data: { ignored: true } },
      { resource: 'salon', status: 'update', resource_id: 8 },
      { resource: 'master', status: 'delete', resource_id: 31 },
    ])
    await m.deliveries.waitFor({ count: 3 })
    const bodies = receiver.received.map((r) => r.body as Record<string, unknown>)
    const byResource = Object.fromEntries(bodies.map((b) => [b.resource, b]))
    expect(byResource.schedule).toEqual({
      company_id: 8,
      resource: 'schedule',
      resource_id: 31,
      status: 'update',
      data: [],
    })
    expect(byResource.company).toMatchObject({
      company_id: 8,
      resource: 'company',
      resource_id: 8,
      status: 'update',
    })
    expect(byResource.staff).toMatchObject({
      company_id: 8,
      resource: 'staff',
      resource_id: 31,
      status: 'delete',
    })
  })

  it('generates a realistic record when no data is given: consistent ids, the same for the same seed', async () => {
    const entity = async (seed: number) => {
      const m = await mock({ seed })
      const receiver = await startReceiver()
      await m.seed(42, fullBody([receiver.url], { record: 1 }))
      await m.trigger(42, { resource: 'record', status: 'create', resource_id: 1001 })
      await m.deliveries.waitFor()
      expect(receiver.received).toHaveLength(1)
      return (
        (receiver.received[0]?.body as { data: Record<string, unknown> } | undefined)?.data ?? {}
      )
    }
    const first = await entity(7)
    expect(await entity(7)).toEqual(first)
    expect(await entity(8)).not.toEqual(first)
    // The whole shape is tested in entities.test.ts; here, that the delivery carries it.
    expect(checkRecord(first)).toBe(true)
    expect(first).toMatchObject({ id: 1001, company_id: 42, deleted: false })
    expect((first.staff as { id: number }).id).toBe(first.staff_id)
    expect(first.seance_length).toBe(first.length)
    expect(String(first.datetime).slice(0, 10)).toBe(String(first.date).slice(0, 10))
    const stamp = (text: unknown) => Date.parse(String(text).replace(/([+-]\d\d)(\d\d)$/, '$1:$2'))
    expect(stamp(first.create_date)).toBeLessThan(Date.parse(String(first.datetime)))
  })
})

describe('delivery and retries', () => {
  it('retries 5xx and 429 and delivers on the attempt that gets a 2xx', async () => {
    const m = await mock()
    const answers = [500, 429, 204]
    const receiver = await startReceiver((n) => answers[n - 1] ?? 200)
    await m.seed(1, fullBody([receiver.url], { client: 1 }))
    await m.trigger(1, { resource: 'client', status: 'create', resource_id: 2 })
    const [delivery] = await m.deliveries.waitFor()
    expect(delivery?.state).toBe('delivered')
    expect(delivery?.attempts.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
      [1, 500, null],
      [2, 429, null],
      [3, 204, null],
    ])
    expect(receiver.received).toHaveLength(3)
  })

  it('gives up after the configured retries, and does not retry other 4xx', async () => {
    const m = await mock({ deliveryRetryDelayMs: 10, deliveryRetries: 2 })
    const failing = await startReceiver(() => 503)
    const rejecting = await startReceiver(() => 404)
    await m.seed(1, fullBody([failing.url], { good: 1 }))
    await m.seed(2, fullBody([rejecting.url], { good: 1 }))
    await m.trigger(1, { resource: 'good', status: 'create', resource_id: 1 })
    await m.trigger(2, { resource: 'good', status: 'create', resource_id: 1 })
    const [failed] = await m.deliveries.waitFor({ location_id: 1 })
    expect(failed?.state).toBe('failed')
    expect(failed?.attempts.map((a) => a.status_code)).toEqual([503, 503, 503])
    const [rejected] = await m.deliveries.waitFor({ location_id: 2 })
    expect(rejected?.state).toBe('failed')
    expect(rejected?.attempts.map((a) => a.status_code)).toEqual([404])
    expect(rejecting.received).toHaveLength(1)
  })

  it('retries a refused connection and records why', async () => {
    const m = await mock({ deliveryRetries: 1, deliveryRetryDelayMs: 10 })
    const url = await refusingUrl()
    await m.seed(1, fullBody([url], { record: 1 }))
    await m.trigger(1, { resource: 'record', status: 'create', resource_id: 1 })
    const [delivery] = await m.deliveries.waitFor()
    expect(delivery?.state).toBe('failed')
    expect(delivery?.attempts.map((a) => [a.status_code, a.error])).toEqual([
      [null, 'connection refused'],
      [null, 'connection refused'],
    ])
  })

  it('times out a receiver that never answers', async () => {
    const m = await mock({ deliveryRetries: 0, deliveryTimeoutMs: 300 })
    const receiver = await startReceiver(() => 'hang')
    await m.seed(1, fullBody([receiver.url], { record: 1 }))
    await m.trigger(1, { resource: 'record', status: 'create', resource_id: 1 })
    const [delivery] = await m.deliveries.waitFor({ timeoutMs: 5000 })
    expect(delivery?.state).toBe('failed')
    expect(delivery?.attempts).toHaveLength(1)
    expect(delivery?.attempts[0]?.error).toBe('no complete answer within 300 ms')
    expect(delivery?.attempts[0]?.duration_ms).toBeGreaterThanOrEqual(290)
  })

  it('waits for the configured delay before sending', async () => {
    const m = await mock({ deliveryDelayMs: 300 })
    const receiver = await startReceiver()
    await m.seed(1, fullBody([receiver.url], { record: 1 }))
    const started = Date.now()
    await m.trigger(1, { resource: 'record', status: 'create', resource_id: 1 })
    expect((await m.deliveries.list())[0]?.state).toBe('scheduled')
    await m.deliveries.waitFor()
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })
})

describe('waiting', () => {
  it('returns as soon as the deliveries finish, not at the timeout', async () => {
    const m = await mock()
    const receiver = await startReceiver(() => 200, 150)
    await m.seed(1, fullBody([receiver.url], { record: 1 }))
    await m.trigger(
      1,
      [1, 2, 3].map((id) => ({
        resource: 'record' as const,
        status: 'create' as const,
        resource_id: id,
      })),
    )
    const started = Date.now()
    const finished = await m.deliveries.waitFor({ location_id: 1, count: 3, timeoutMs: 10_000 })
    const elapsed = Date.now() - started
    expect(finished.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered'])
    expect(elapsed).toBeGreaterThanOrEqual(140)
    expect(elapsed).toBeLessThan(3000)
  })

  it('rejects with where things stand when the timeout passes', async () => {
    const m = await mock()
    const receiver = await startReceiver(() => 'hang')
    await m.seed(1, fullBody([receiver.url], { record: 1 }))
    await m.trigger(1, { resource: 'record', status: 'create', resource_id: 1 })
    await expect(
      m.deliveries.waitFor({ location_id: 1, count: 1, timeoutMs: 100 }),
    ).rejects.toThrow(
      'waited 100 ms for 1 finished deliveries matching {"location_id":1}; 0 finished, 1 still pending',
    )
  })
})

describe('bounds and isolation', () => {
  it('keeps the last N finished deliveries and counts the dropped ones', async () => {
    const m = await mock({ maxDeliveries: 3 })
    const receiver = await startReceiver()
    await m.seed(1, fullBody([receiver.url], { record: 1 }))
    for (let id = 1; id <= 5; id++) {
      await m.trigger(1, { resource: 'record', status: 'create', resource_id: id })
      await m.deliveries.waitFor({ count: Math.min(id, 3) })
    }
    await expect.poll(() => m.app.mock.deliveries.dropped.journal).toBe(2)
    expect((await m.deliveries.list()).map((d) => d.resource_id)).toEqual([3, 4, 5])
  })

  it('drops events beyond the pending bound and says so', async () => {
    const m = await mock({ maxPendingDeliveries: 2, deliveryDelayMs: 60_000 })
    await m.seed(1, fullBody(['https://a.example/h', 'https://b.example/h'], { record: 1 }))
    const event = { resource: 'record' as const, status: 'create' as const, resource_id: 1 }
    expect((await m.trigger(1, event)).delivery_ids).toEqual([1, 2])
    expect((await m.trigger(1, event)).events[0]?.skipped).toBe(
      'dropped: 2 deliveries are pending, the bound is 2 (--max-pending-deliveries)',
    )
    expect(m.app.mock.deliveries.dropped.queue).toBe(1)
  })

  it('resets one location without touching another', async () => {
    const m = await mock({ deliveryDelayMs: 60_000 })
    await m.seed(1, fullBody(['https://a.example/h'], { record: 1 }))
    await m.seed(2, fullBody(['https://a.example/h'], { record: 1 }))
    await m.trigger(1, { resource: 'record', status: 'create', resource_id: 1 })
    await m.trigger(2, { resource: 'record', status: 'create', resource_id: 1 })
    await m.reset(1)
    expect((await m.deliveries.list()).map((d) => d.location_id)).toEqual([2])
    expect((await m.settings(1)).urls).toEqual([''])
    expect((await m.settings(2)).urls).toEqual(['https://a.example/h'])
    expect(m.app.mock.deliveries.pending).toBe(1)
  })

  // How fast, is measured where timing belongs: the reliability suite's receivers test
  // and the bench (GET while deliveries stream). Here: that the API answers at all.
  it('answers the API while a receiver hangs on 100 deliveries', async () => {
    const m = await mock({ deliveryRetries: 0, deliveryTimeoutMs: 30_000 })
    const hanging = await startReceiver(() => 'hang')
    await m.seed(1, fullBody([hanging.url], { record: 1 }))
    const headers = { authorization: 'Bearer p, User u', accept: 'application/vnd.api.v2+json' }
    await m.trigger(
      1,
      Array.from({ length: 100 }, (_, i) => ({
        resource: 'record' as const,
        status: 'create' as const,
        resource_id: i + 1,
      })),
    )
    // The first attempt starts the delivery thread and loads undici: seconds on a busy machine.
    // Eight at a time per URL: the rest wait in its lane.
    await expect.poll(() => hanging.received.length, { timeout: 10_000 }).toBe(8)
    const answers = []
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${m.apiUrl}/hooks_settings/2`, { headers })
      answers.push({
        status: res.status,
        success: ((await res.json()) as { success: boolean }).success,
      })
    }
    expect(answers).toEqual(Array.from({ length: 30 }, () => ({ status: 200, success: true })))
    expect((await m.deliveries.list({ state: 'sending' })).length).toBe(100)
    expect(hanging.received).toHaveLength(8)
  })
})

describe('the programmatic API', () => {
  it('refuses a malformed event with where and what', async () => {
    const m = await mock()
    await expect(
      m.trigger(1, { resource: 'appointment', status: 'create', resource_id: 1 } as never),
    ).rejects.toThrow(
      'event 0.resource must be one of company, service_category, service, good, staff, client, record, goods_operations_sale, goods_operations_receipt, goods_operations_consumable, goods_operations_stolen, goods_operations_move, finances_operation, loyalty_card, schedule (or the flag names salon, master), got "appointment".',
    )
  })
})
