import { describe, expect, it } from 'vitest'
import type { WebhookRequest } from '../src/deliveries/webhook-client.js'
import {
  expectedSettings,
  fullBody,
  HEADERS,
  parseWarnings,
  stored,
  storedAt,
  testApp,
  V2,
} from './helpers.js'

const NOW = new Date('2026-05-01T10:00:00.000Z')

/** An app whose webhooks go to a recording fake that answers `status`. */
async function controlApp(status = 200) {
  const sent: WebhookRequest[] = []
  const { app, store } = await testApp({
    now: () => NOW,
    webhookClient: async (request) => {
      sent.push(request)
      return { statusCode: status }
    },
    deliveryRetryDelayMs: 1,
  })
  return { app, store, sent }
}

const invalid = (errors: Record<string, string[]>) => ({
  success: false,
  data: null,
  meta: { message: 'An error has occurred.', errors },
})

describe('/__mock/locations/:id/settings', () => {
  it('seeds and reads settings without Altegio auth, as the API then answers them', async () => {
    const { app } = await controlApp()
    const body = fullBody(['https://r.example/h'], { record: 1 })
    const put = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/9/settings',
      payload: body,
    })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toEqual({ success: true, data: expectedSettings(body, 9), meta: [] })
    const get = await app.inject({ method: 'GET', url: '/__mock/locations/9/settings' })
    expect(get.json()).toEqual(put.json())
    const api = await app.inject({
      method: 'GET',
      url: '/api/v1/hooks_settings/9',
      headers: HEADERS,
    })
    expect(api.json()).toEqual(put.json())
  })

  it('validates a seed like POST does', async () => {
    const { app, store } = await controlApp()
    const res = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/9/settings',
      payload: { urls: [], active: 3 },
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        urls: [
          'urls must be a list of 1 to 10 unique webhook URLs, e.g. ["https://example.com/altegio"], got [].',
        ],
        active: ['active must be the integer 0 or 1 (1 = on, 0 = off), got 3.'],
      }),
    )
    expect(store.size('locations')).toBe(0)
  })
})

describe('/__mock/locations/:id/events', () => {
  it('answers 202 with the delivery ids, and the deliveries journal has every attempt', async () => {
    const { app, sent } = await controlApp()
    await app.inject({
      method: 'PUT',
      url: '/__mock/locations/3/settings',
      payload: fullBody(['https://r.example/h'], { client: 1 }),
    })
    const event = {
      resource: 'client',
      status: 'create',
      resource_id: 77,
      data: { id: 77, name: 'Ann' },
    }
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/locations/3/events',
      payload: event,
    })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toEqual({
      success: true,
      data: {
        delivery_ids: [1],
        events: [
          {
            resource: 'client',
            status: 'create',
            resource_id: 77,
            delivery_ids: [1],
            skipped: null,
            skipped_urls: [],
          },
        ],
      },
      meta: [],
    })
    const wait = await app.inject({
      method: 'POST',
      url: '/__mock/deliveries/wait',
      payload: { location_id: 3 },
    })
    const payload = {
      company_id: 3,
      resource: 'client',
      resource_id: 77,
      status: 'create',
      data: { id: 77, name: 'Ann' },
    }
    const delivery = {
      id: 1,
      location_id: 3,
      url: 'https://r.example/h',
      resource: 'client',
      status: 'create',
      resource_id: 77,
      self_caused: false,
      duplicate_of: null,
      redelivery_of: null,
      payload,
      state: 'delivered',
      attempts: [
        {
          attempt: 1,
          started_at: NOW.toISOString(),
          duration_ms: expect.any(Number),
          status_code: 200,
          error: null,
        },
      ],
      created_at: NOW.toISOString(),
      finished_at: NOW.toISOString(),
    }
    expect(wait.statusCode).toBe(200)
    expect(wait.json()).toEqual({ success: true, data: [delivery], meta: { count: 1 } })
    expect(sent).toEqual([
      {
        url: 'https://r.example/h',
        body: JSON.stringify(payload),
        headers: { 'content-type': 'application/json', 'user-agent': 'altegio-hooks-mock' },
        signal: expect.any(AbortSignal),
      },
    ])
    const list = await app.inject({
      method: 'GET',
      url: '/__mock/deliveries?location_id=3&resource=client&state=delivered',
    })
    expect(list.json()).toEqual({
      success: true,
      data: [delivery],
      meta: { count: 1, total: 1, offset: 0, next_offset: null, dropped: { journal: 0, queue: 0 } },
    })
    const one = await app.inject({ method: 'GET', url: '/__mock/deliveries/1' })
    expect(one.json()).toEqual({ success: true, data: delivery, meta: [] })
  })

  it('triggers a batch', async () => {
    const { app } = await controlApp()
    await app.inject({
      method: 'PUT',
      url: '/__mock/locations/3/settings',
      payload: fullBody(['https://a.example/', 'https://b.example/'], { record: 1 }),
    })
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/locations/3/events/batch',
      payload: {
        events: [
          { resource: 'record', status: 'create', resource_id: 1 },
          { resource: 'good', status: 'update', resource_id: 2 },
        ],
      },
    })
    expect(res.statusCode).toBe(202)
    expect(res.json().data).toEqual({
      delivery_ids: [1, 2],
      events: [
        {
          resource: 'record',
          status: 'create',
          resource_id: 1,
          delivery_ids: [1, 2],
          skipped: null,
          skipped_urls: [],
        },
        {
          resource: 'good',
          status: 'update',
          resource_id: 2,
          delivery_ids: [],
          skipped: 'good is 0: good events are not sent',
          skipped_urls: [
            { url: 'https://a.example/', reason: 'good is 0: good events are not sent' },
            { url: 'https://b.example/', reason: 'good is 0: good events are not sent' },
          ],
        },
      ],
    })
  })

  it('refuses malformed events by field', async () => {
    const { app } = await controlApp()
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/locations/3/events',
      payload: { resource: 'appointment', status: 'moved', colour: 'red' },
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        colour: [
          'colour is not a field here; remove it (fields: resource, status, resource_id, data, self_caused).',
        ],
        resource_id: [
          'resource_id is required and must be a positive integer up to 999999999999999, the id of the entity that changed.',
        ],
        resource: [
          'resource must be one of company, service_category, service, good, staff, client, record, goods_operations_sale, goods_operations_receipt, goods_operations_consumable, goods_operations_stolen, goods_operations_move, finances_operation, loyalty_card, schedule (or the flag names salon, master), got "appointment".',
        ],
        status: ['status must be "create", "update" or "delete", got "moved".'],
      }),
    )
  })
})

describe('/__mock/deliveries/wait', () => {
  it('answers 408 with where things stand when nothing matching finishes in time', async () => {
    const { app } = await controlApp()
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/deliveries/wait',
      payload: { location_id: 4, count: 2, timeout_ms: 50 },
    })
    expect(res.statusCode).toBe(408)
    expect(res.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message:
          'Timed out: waited 50 ms for 2 finished deliveries matching {"location_id":4}; 0 finished, 0 still pending. GET /__mock/deliveries shows where each one stands.',
      },
    })
  })

  it('answers 409 when a reset of its location ends the wait', async () => {
    const { app } = await controlApp()
    const waiting = app.inject({
      method: 'POST',
      url: '/__mock/deliveries/wait',
      payload: { location_id: 4, timeout_ms: 10_000 },
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    await app.inject({ method: 'DELETE', url: '/__mock/locations/4' })
    const res = await waiting
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({
      success: false,
      data: null,
      meta: { message: 'Wait ended: the mock was reset while waiting for deliveries.' },
    })
  })

  it('waits for exactly the deliveries a trigger made, or those after a point, not the ones that finished before', async () => {
    const sent: WebhookRequest[] = []
    const { app } = await testApp({
      now: () => NOW,
      webhookClient: async (request) => {
        sent.push(request)
        return { statusCode: 200 }
      },
      deliveryDelayMs: 150,
    })
    await app.inject({
      method: 'PUT',
      url: '/__mock/locations/4/settings',
      payload: fullBody(['https://r.example/h'], { client: 1 }),
    })
    const trigger = async (id: number) => {
      const res = await app.inject({
        method: 'POST',
        url: '/__mock/locations/4/events',
        payload: { resource: 'client', status: 'create', resource_id: id },
      })
      return (res.json() as { data: { delivery_ids: number[] } }).data.delivery_ids
    }
    const wait = (payload: object) =>
      app.inject({ method: 'POST', url: '/__mock/deliveries/wait', payload })
    const ids = (res: { json(): unknown }) =>
      (res.json() as { data: { id: number; finished_at: string | null }[] }).data.map((d) => ({
        id: d.id,
        finished: d.finished_at !== null,
      }))

    const first = await trigger(1)
    expect(ids(await wait({ delivery_ids: first }))).toEqual([{ id: 1, finished: true }])
    const second = await trigger(2)
    expect(second).toEqual([2])
    // A bare count counts the earlier delivery: it answers at once, before the new one is sent.
    const bare = await wait({ location_id: 4, count: 1 })
    expect(ids(bare)).toEqual([{ id: 1, finished: true }])
    expect(sent).toHaveLength(1)
    // The ids the trigger answered: it holds until that delivery went out.
    const exact = await wait({ delivery_ids: second, timeout_ms: 5000 })
    expect(exact.statusCode).toBe(200)
    expect(ids(exact)).toEqual([{ id: 2, finished: true }])
    expect(sent).toHaveLength(2)
    expect(exact.json()).toMatchObject({ meta: { count: 1 } })
    const third = await trigger(3)
    const after = await wait({ location_id: 4, after_id: 2, timeout_ms: 5000 })
    expect(ids(after)).toEqual([{ id: third[0], finished: true }])
    const since = await wait({ since: NOW.toISOString(), count: 3 })
    expect(ids(since).map((d) => d.id)).toEqual([1, 2, 3])

    const tooMany = await wait({ delivery_ids: [2], count: 2 })
    expect(tooMany.statusCode).toBe(422)
    expect(tooMany.json()).toEqual(
      invalid({
        count: [
          'is 2, more than the 1 deliveries named in delivery_ids: leave count out to wait for all of them',
        ],
      }),
    )
  })

  it('refuses unknown filters and a state that never finishes', async () => {
    const { app } = await controlApp()
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/deliveries/wait',
      payload: { state: 'sending', count: 0 },
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        state: ['state must be one of delivered, failed, got "sending".'],
        count: ['count must be an integer from 1 to 10000, got 0.'],
      }),
    )
  })
})

describe('query strings of the journals', () => {
  it('refuses a misspelt filter as a body would, instead of answering everything', async () => {
    const { app } = await controlApp()
    for (const [path, fields] of [
      ['/__mock/deliveries', 'location_id, resource, status, url, state, limit, offset'],
      ['/__mock/requests', 'location_id, method, status_code, limit, offset'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: `${path}?locaton_id=5` })
      expect(res.statusCode).toBe(422)
      expect(res.json()).toEqual(
        invalid({ locaton_id: [`locaton_id is not a field here; remove it (fields: ${fields}).`] }),
      )
    }
  })
})

describe('/__mock/requests', () => {
  it('records each Altegio request with its status and warnings, filterable', async () => {
    const { app } = await controlApp()
    await app.inject({
      method: 'GET',
      url: '/api/v1/hooks_settings/5',
      headers: { authorization: HEADERS.authorization },
    })
    await app.inject({
      method: 'POST',
      url: '/api/v1/hooks_settings/6',
      headers: HEADERS,
      payload: fullBody(),
    })
    await app.inject({ method: 'GET', url: '/api/v1/hooks_settings/5' })
    const res = await app.inject({ method: 'GET', url: '/__mock/requests?location_id=5' })
    const accept =
      'accept-not-v2: Accept is missing; the real API requires application/vnd.api.v2+json (Altegio) or application/vnd.yclients.v2+json (YCLIENTS) for partners registered after id 1743'
    const entry = {
      time: NOW.toISOString(),
      method: 'GET',
      path: '/api/v1/hooks_settings/5',
      location_id: 5,
      body: null,
      fault_id: null,
      duration_ms: expect.any(Number),
    }
    expect(res.json()).toEqual({
      success: true,
      data: [
        { ...entry, id: 1, status_code: 200, warnings: [accept] },
        {
          ...entry,
          id: 3,
          status_code: 401,
          warnings: [
            accept,
            'http-401: no Authorization header; hooks_settings needs Authorization: Bearer <partner token>, User <user token>',
          ],
        },
      ],
      meta: { count: 2, total: 2, offset: 0, next_offset: null, dropped: 0 },
    })
    const posts = await app.inject({
      method: 'GET',
      url: '/__mock/requests?method=POST&status_code=201',
    })
    expect(posts.json().data.map((e: { id: number; body: unknown }) => [e.id, e.body])).toEqual([
      [2, fullBody()],
    ])
    const bad = await app.inject({ method: 'GET', url: '/__mock/requests?location_id=x' })
    expect(bad.json()).toEqual(
      invalid({
        location_id: [
          'location_id must be a positive integer up to 999999999999999, the location id (e.g. location_id=123), got "x".',
        ],
      }),
    )
  })
})

describe('/__mock/requests, errors', () => {
  it('records every refused request as answered: status, warnings header and all', async () => {
    const { app, store } = await controlApp()
    const hint = (status: number, reason: string) => `http-${status}: ${reason}`
    const noAuth = hint(
      401,
      'no Authorization header; hooks_settings needs Authorization: Bearer <partner token>, User <user token>',
    )
    const badId = {
      location_id: [
        'location_id must be a positive integer up to 999999999999999, the location id (e.g. /hooks_settings/123456), got "0".',
      ],
    }
    const answers = [
      // Auth comes before the location id, for GET as for POST.
      [
        await app.inject({
          method: 'GET',
          url: '/api/v1/hooks_settings/0',
          headers: { accept: V2 },
        }),
        401,
        [noAuth],
      ],
      [
        await app.inject({ method: 'GET', url: '/api/v1/hooks_settings/0', headers: HEADERS }),
        422,
        [],
      ],
      [
        await app.inject({
          method: 'POST',
          url: '/api/v1/hooks_settings/0',
          headers: HEADERS,
          payload: fullBody(),
        }),
        422,
        [],
      ],
      [
        await app.inject({
          method: 'POST',
          url: '/api/v1/hooks_settings/3',
          headers: { ...HEADERS, 'content-type': 'text/plain' },
          payload: 'x',
        }),
        415,
        [],
      ],
    ] as const
    for (const [res, status, warnings] of answers) {
      expect(res.statusCode).toBe(status)
      expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual(warnings)
    }
    expect(answers[1][0].json()).toEqual(invalid(badId))
    expect(answers[2][0].json()).toEqual(invalid(badId))
    expect(
      app.mock.requests
        .list()
        .map((e) => [e.id, e.method, e.path, e.location_id, e.status_code, e.warnings]),
    ).toEqual([
      [1, 'GET', '/api/v1/hooks_settings/0', null, 401, [noAuth]],
      [2, 'GET', '/api/v1/hooks_settings/0', null, 422, []],
      [3, 'POST', '/api/v1/hooks_settings/0', null, 422, []],
      [4, 'POST', '/api/v1/hooks_settings/3', 3, 415, []],
    ])
    expect(store.size('locations')).toBe(0)
  })
})

describe('request journal bounds', () => {
  it('keeps the last N requests and counts the dropped ones, per-location resets included', async () => {
    const { app } = await testApp({ maxRequests: 3 })
    for (const id of [1, 2, 1, 2, 1]) {
      await app.inject({ method: 'GET', url: `/api/v1/hooks_settings/${id}`, headers: HEADERS })
    }
    const listed = () => app.mock.requests.list().map((e) => [e.id, e.location_id])
    expect(listed()).toEqual([
      [3, 1],
      [4, 2],
      [5, 1],
    ])
    expect(app.mock.requests.dropped).toBe(2)
    await app.mock.reset(1)
    expect(listed()).toEqual([[4, 2]])
    await app.inject({ method: 'GET', url: '/api/v1/hooks_settings/7', headers: HEADERS })
    expect(listed()).toEqual([
      [4, 2],
      [6, 7],
    ])
    await app.mock.reset()
    expect(listed()).toEqual([])
    expect(app.mock.requests.dropped).toBe(0)
    // More distinct paths than the journal keeps: each entry keeps its own.
    for (const query of ['?a', '?b', '?c', '?d']) {
      await app.inject({
        method: 'GET',
        url: `/api/v1/hooks_settings/1${query}`,
        headers: HEADERS,
      })
    }
    expect(app.mock.requests.list().map((e) => [e.id, e.path])).toEqual([
      [8, '/api/v1/hooks_settings/1?b'],
      [9, '/api/v1/hooks_settings/1?c'],
      [10, '/api/v1/hooks_settings/1?d'],
    ])
  })
})

describe('reset', () => {
  it('forgets one location, or everything', async () => {
    const { app, store } = await controlApp()
    for (const id of [1, 2]) {
      await app.inject({
        method: 'PUT',
        url: `/__mock/locations/${id}/settings`,
        payload: fullBody(),
      })
      await app.inject({ method: 'GET', url: `/api/v1/hooks_settings/${id}`, headers: HEADERS })
    }
    const one = await app.inject({ method: 'DELETE', url: '/__mock/locations/1' })
    expect(one.json()).toEqual({ success: true, data: { reset: 1 }, meta: [] })
    expect(storedAt(store, 1)).toBeUndefined()
    expect(storedAt(store, 2)).toEqual(stored(fullBody()))
    expect(app.mock.requests.list().map((e) => e.location_id)).toEqual([2])
    const all = await app.inject({ method: 'POST', url: '/__mock/reset' })
    expect(all.json()).toEqual({ success: true, data: { reset: 'all' }, meta: [] })
    expect(store.size('locations')).toBe(0)
    expect(app.mock.requests.list()).toEqual([])
  })

  it('answers 404 in the envelope for a delivery that is gone', async () => {
    const { app } = await controlApp()
    const res = await app.inject({ method: 'GET', url: '/__mock/deliveries/99' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message:
          'No delivery 99: it never existed, was reset, or was dropped from the journal (see --max-deliveries).',
      },
    })
  })
})
