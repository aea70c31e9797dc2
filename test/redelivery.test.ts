import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { allFlags, testApp } from './helpers.js'
import { startReceiver } from './receiver.js'

async function call(app: FastifyInstance, method: string, url: string, payload?: unknown) {
  const res = await app.inject({
    method: method as 'POST',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
  return { status: res.statusCode, body: res.json() }
}

const settings = (urls: string[]) => ({ urls, active: 1, ...allFlags(0), record: 1 })

/** Waits for these deliveries and answers them. */
async function finished(app: FastifyInstance, ids: number[]) {
  const res = await call(app, 'POST', '/__mock/deliveries/wait', { delivery_ids: ids })
  expect(res.status).toBe(200)
  return res.body.data
}

describe('redelivery', () => {
  it('sends a failed delivery again to a second URL, through the engine, marked redelivery_of and awaitable', async () => {
    const failing = await startReceiver(() => 500)
    const second = await startReceiver()
    const { app } = await testApp({ deliveryRetries: 0 })
    await call(app, 'PUT', '/__mock/locations/7/settings', settings([failing.url]))
    await call(app, 'POST', '/__mock/locations/7/events', { resource: 'record', resource_id: 1 })
    const [failed] = await finished(app, [1])
    expect(failed).toMatchObject({ id: 1, state: 'failed', redelivery_of: null })

    // Gating is skipped: the location's settings no longer send records anywhere.
    await call(app, 'PUT', '/__mock/locations/7/settings', { urls: [failing.url], active: 0 })
    const answer = await call(app, 'POST', '/__mock/deliveries/1/redeliver', { url: second.url })
    expect(answer).toEqual({
      status: 202,
      body: { success: true, data: { delivery_id: 2 }, meta: [] },
    })
    const [redelivered] = await finished(app, [2])
    expect(redelivered).toEqual({
      ...failed,
      id: 2,
      url: second.url,
      redelivery_of: 1,
      state: 'delivered',
      attempts: [
        {
          attempt: 1,
          started_at: expect.any(String),
          duration_ms: expect.any(Number),
          status_code: 200,
          error: null,
        },
      ],
      created_at: expect.any(String),
      finished_at: expect.any(String),
    })
    expect(second.received).toEqual([
      { path: '/hooks', headers: expect.any(Object), body: failed.payload },
    ])
    expect(second.received[0]?.headers['content-type']).toBe('application/json')
  })

  it('sends edited data, and to the original URL when none is given', async () => {
    const receiver = await startReceiver()
    const { app } = await testApp()
    await call(app, 'PUT', '/__mock/locations/7/settings', settings([receiver.url]))
    await call(app, 'POST', '/__mock/locations/7/events', { resource: 'record', resource_id: 1 })
    await finished(app, [1])
    const data = { company_id: 7, resource: 'record', resource_id: 1, status: 'update', data: {} }
    expect((await call(app, 'POST', '/__mock/deliveries/1/redeliver', { data })).body.data).toEqual(
      { delivery_id: 2 },
    )
    const [edited] = await finished(app, [2])
    expect(edited).toMatchObject({ url: receiver.url, payload: data, redelivery_of: 1 })
    expect(receiver.received.map((r) => r.body)).toEqual([expect.any(Object), data])
    // No body at all is a redelivery as it was.
    expect((await call(app, 'POST', '/__mock/deliveries/1/redeliver')).status).toBe(202)
    const [asItWas] = await finished(app, [3])
    expect(receiver.received.map((r) => r.body)).toEqual([asItWas.payload, data, asItWas.payload])
  })

  it('answers 404 for an id never made, and says so for one the bounded journal dropped', async () => {
    const receiver = await startReceiver()
    const { app } = await testApp({ maxDeliveries: 1 })
    expect(await call(app, 'POST', '/__mock/deliveries/1/redeliver')).toEqual({
      status: 404,
      body: {
        success: false,
        data: null,
        meta: {
          message:
            'No delivery 1: the mock has made none yet. Redeliver an id that GET /__mock/deliveries lists.',
        },
      },
    })
    await call(app, 'PUT', '/__mock/locations/7/settings', settings([receiver.url]))
    await call(app, 'POST', '/__mock/locations/7/events/batch', {
      events: [
        { resource: 'record', resource_id: 1 },
        { resource: 'record', resource_id: 2 },
      ],
    })
    await call(app, 'POST', '/__mock/deliveries/wait', { count: 1, after_id: 1 })
    expect(await call(app, 'POST', '/__mock/deliveries/1/redeliver')).toEqual({
      status: 404,
      body: {
        success: false,
        data: null,
        meta: {
          message:
            'Delivery 1 is no longer in the journal: it was dropped from the bounded journal (--max-deliveries, --max-delivery-bytes keep the newest finished ones) or a reset forgot it, so it cannot be redelivered. Redeliver it sooner, or start the mock with a larger --max-deliveries.',
        },
      },
    })
    expect((await call(app, 'POST', '/__mock/deliveries/3/redeliver')).body.meta.message).toBe(
      'No delivery 3: the mock has made deliveries 1 to 2. Redeliver an id that GET /__mock/deliveries lists.',
    )
    expect(
      await call(app, 'POST', '/__mock/deliveries/2/redeliver', { url: 'ftp://x.example' }),
    ).toEqual({
      status: 422,
      body: {
        success: false,
        data: null,
        meta: {
          message: 'An error has occurred.',
          errors: {
            url: [
              'url must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio", got "ftp://x.example".',
            ],
          },
        },
      },
    })
  })

  it('refuses a redelivery the pending bounds cannot take, sending nothing (409)', async () => {
    const receiver = await startReceiver()
    const { app } = await testApp({ maxPendingDeliveries: 1 })
    await call(app, 'PUT', '/__mock/locations/7/settings', settings([receiver.url]))
    await call(app, 'POST', '/__mock/locations/7/events', { resource: 'record', resource_id: 1 })
    await finished(app, [1])
    await call(app, 'PUT', '/__mock/locations/7/options', { delivery_delay_ms: 60_000 })
    await call(app, 'POST', '/__mock/locations/7/events', { resource: 'record', resource_id: 2 })
    const refused = {
      status: 409,
      body: {
        success: false,
        data: null,
        meta: {
          message:
            'Nothing was redelivered: 1 deliveries are pending, the bound is 1 (--max-pending-deliveries). Wait for pending deliveries to finish (POST /__mock/deliveries/wait), then redeliver.',
        },
      },
    }
    expect(await call(app, 'POST', '/__mock/deliveries/1/redeliver')).toEqual(refused)
    expect(await call(app, 'POST', '/__mock/deliveries/redeliver', { state: 'delivered' })).toEqual(
      refused,
    )
    expect(
      (await call(app, 'GET', '/__mock/deliveries')).body.data.map((d: { id: number }) => d.id),
    ).toEqual([1, 2])
  })

  it('redelivers every failed delivery of a location since a time, and answers the new ids', async () => {
    const failing = await startReceiver(() => 503)
    const fine = await startReceiver()
    const { app } = await testApp({ deliveryRetries: 0 })
    await call(app, 'PUT', '/__mock/locations/7/settings', settings([failing.url, fine.url]))
    await call(app, 'PUT', '/__mock/locations/8/settings', settings([failing.url]))
    await call(app, 'POST', '/__mock/locations/8/events', { resource: 'record', resource_id: 9 })
    await finished(app, [1])
    const since = new Date().toISOString()
    await new Promise((resolve) => setTimeout(resolve, 5))
    await call(app, 'POST', '/__mock/locations/7/events/batch', {
      events: [
        { resource: 'record', resource_id: 1 },
        { resource: 'record', resource_id: 2 },
      ],
    })
    const sent = await finished(app, [2, 3, 4, 5])
    expect(sent.map((d: { id: number; state: string }) => [d.id, d.state])).toEqual([
      [2, 'failed'],
      [3, 'delivered'],
      [4, 'failed'],
      [5, 'delivered'],
    ])
    const answer = await call(app, 'POST', '/__mock/deliveries/redeliver', {
      location_id: 7,
      state: 'failed',
      since,
    })
    expect(answer).toEqual({
      status: 202,
      body: { success: true, data: { delivery_ids: [6, 7] }, meta: [] },
    })
    const again = await finished(app, [6, 7])
    expect(again.map((d: { redelivery_of: number }) => d.redelivery_of)).toEqual([2, 4])
    // Every failed one, when nothing narrows it: location 8's and the two redelivered again.
    expect((await call(app, 'POST', '/__mock/deliveries/redeliver')).body.data).toEqual({
      delivery_ids: [8, 9, 10, 11, 12],
    })
  })
})
