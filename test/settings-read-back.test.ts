import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FLAG_NAMES, LEGACY_MISSING_FLAGS } from '../src/schemas/hooks-settings/flags.js'
import { Store } from '../src/store/store.js'
import { allFlags, fullBody, HEADERS, onCleanup, tempDir, testApp, testMock } from './helpers.js'
import { startReceiver } from './receiver.js'

const PATH = '/api/v1/hooks_settings/55'
const A = 'https://a.example/hook'
const B = 'https://b.example/hook'
/** Two URLs installed with different entity sets, as two marketplace apps would. */
const PER_URL = {
  url_settings: [
    { url: A, active: 1, record: 1, client: 1, good: 1 },
    { url: B, active: 1, record: 1, self_sending: 1 },
  ],
}
const flagsOf = (entry: Record<string, unknown>) =>
  Object.fromEntries(FLAG_NAMES.map((name) => [name, entry[name] ?? 0]))

/** What GET answers for PER_URL at location 55. */
const perUrlAnswer = {
  urls: [A, B],
  active: 1,
  ...flagsOf(PER_URL.url_settings[0] as Record<string, unknown>),
  company_id: 55,
  url_settings: PER_URL.url_settings.map((entry) => ({
    url: entry.url,
    active: 1,
    ...flagsOf(entry),
  })),
}

describe('per-URL flags', () => {
  it('answers each URL with its own flags, the top level mirroring the first', async () => {
    const { app } = await testApp()
    const put = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/55/settings',
      payload: PER_URL,
    })
    expect(put.json()).toEqual({ success: true, data: perUrlAnswer, meta: [] })
    const get = await app.inject({ method: 'GET', url: PATH, headers: HEADERS })
    expect(get.json()).toEqual({ success: true, data: perUrlAnswer, meta: [] })
    expect(Object.keys(get.json().data)).toEqual([
      'urls',
      'active',
      ...FLAG_NAMES,
      'company_id',
      'url_settings',
    ])
  })

  it('a POST through the Altegio route sets the posted flags on every URL', async () => {
    const { app } = await testApp()
    await app.inject({ method: 'PUT', url: '/__mock/locations/55/settings', payload: PER_URL })
    const body = fullBody([A, B], { schedule: 1 })
    const post = await app.inject({ method: 'POST', url: PATH, headers: HEADERS, payload: body })
    expect(post.statusCode).toBe(201)
    const flags = { ...allFlags(0), schedule: 1 }
    expect(post.json().data.url_settings).toEqual([
      { url: A, active: 1, ...flags },
      { url: B, active: 1, ...flags },
    ])
  })

  it('survives a restart, in the data file as each URL with its flags', async () => {
    const file = join(await tempDir(), 'db.json')
    const first = await testMock({ data: file })
    await first.seed(55, PER_URL)
    await first.close()
    const onDisk = JSON.parse(await readFile(file, 'utf8'))
    expect(onDisk).toEqual({ locations: { '55': { url_settings: perUrlAnswer.url_settings } } })
    const again = await testMock({ data: file })
    expect(await again.settings(55)).toEqual(perUrlAnswer)
  })

  it('gates deliveries per URL by its own flags, and says which URL held an event back', async () => {
    const mock = await testMock()
    const [a, b] = [await startReceiver(), await startReceiver()]
    await mock.seed(55, {
      url_settings: [
        { url: a.url, active: 1, record: 1, client: 1 },
        { url: b.url, active: 1, record: 1, self_sending: 1 },
      ],
    })
    const result = await mock.trigger(55, [
      { resource: 'record', status: 'create', resource_id: 1 },
      { resource: 'client', status: 'create', resource_id: 2 },
      { resource: 'record', status: 'update', resource_id: 1, self_caused: true },
    ])
    expect(result.events.map((e) => [e.delivery_ids, e.skipped, e.skipped_urls])).toEqual([
      [[1, 2], null, []],
      [[3], null, [{ url: b.url, reason: 'client is 0: client events are not sent' }]],
      [
        [4],
        null,
        [{ url: a.url, reason: 'self_sending is 0: events the caller caused itself are not sent' }],
      ],
    ])
    await mock.deliveries.waitFor({ location_id: 55, count: 4 })
    const got = (r: typeof a) => r.received.map((x) => (x.body as { resource: string }).resource)
    expect(got(a).sort()).toEqual(['client', 'record'])
    expect(got(b).sort()).toEqual(['record', 'record'])
  })

  it('refuses a seed that lists a URL twice or mixes the two forms', async () => {
    const { app, store } = await testApp()
    const twice = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/55/settings',
      payload: {
        url_settings: [
          { url: A, active: 1 },
          { url: A, active: 0 },
        ],
      },
    })
    expect(twice.statusCode).toBe(422)
    expect(twice.json().meta.errors).toEqual({
      url_settings: [
        `url_settings must not list a URL twice: url_settings[0].url and url_settings[1].url are both "${A}".`,
      ],
    })
    const mixed = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/55/settings',
      payload: { urls: [A], active: 1, url_settings: [{ url: A, active: 1 }] },
    })
    expect(mixed.statusCode).toBe(422)
    expect(mixed.json().meta.errors).toEqual({
      urls: ['urls is not a field here; remove it (fields: url_settings).'],
      active: ['active is not a field here; remove it (fields: url_settings).'],
    })
    expect(store.size('locations')).toBe(0)
  })
})

describe('a location that never saved settings', () => {
  it('answers the blank-URL sentinel with company_id, every flag 0 and no url_settings', async () => {
    const { app } = await testApp()
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/hooks_settings/77',
      headers: HEADERS,
    })
    expect(res.json()).toEqual({
      success: true,
      data: { urls: [''], active: 0, ...allFlags(0), company_id: 77, url_settings: [] },
      meta: [],
    })
  })
})

describe('--backend legacy', () => {
  const legacy = (data: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(data).filter(
        ([key]) => !['url_settings', 'company_id', ...LEGACY_MISSING_FLAGS].includes(key as never),
      ),
    )

  it('answers GET and POST as older backends: no url_settings, good, schedule, self_sending, company_id', async () => {
    const { app } = await testApp({ backend: 'legacy' })
    const body = fullBody([A, B], { record: 1, good: 1, self_sending: 1 })
    const post = await app.inject({ method: 'POST', url: PATH, headers: HEADERS, payload: body })
    const expected = {
      urls: [A, B],
      active: 1,
      salon: 0,
      service_category: 0,
      service: 0,
      master: 0,
      client: 0,
      record: 1,
      goods_operations_sale: 0,
      goods_operations_receipt: 0,
      goods_operations_consumable: 0,
      goods_operations_stolen: 0,
      goods_operations_move: 0,
      finances_operation: 0,
      loyalty_card: 0,
    }
    expect(post.json()).toEqual({ success: true, data: expected, meta: [] })
    const get = await app.inject({ method: 'GET', url: PATH, headers: HEADERS })
    expect(get.body).toBe(post.body)
    // The mock's own view keeps everything.
    const own = await app.inject({ method: 'GET', url: '/__mock/locations/55/settings' })
    expect(own.json().data.good).toBe(1)
    expect(legacy(own.json().data)).toEqual(expected)
  })

  it('can be set for one location through /__mock, and a reset forgets it', async () => {
    const { app } = await testApp()
    await app.inject({ method: 'PUT', url: '/__mock/locations/55/settings', payload: PER_URL })
    const set = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/55/options',
      payload: { backend: 'legacy' },
    })
    const defaults = {
      duplicate_probability: 0,
      duplicate_every: 0,
      reorder: 0,
      delivery_delay_ms: 0,
    }
    expect(set.json()).toEqual({
      success: true,
      data: { backend: 'legacy', ...defaults },
      meta: [],
    })
    const get = (id: number) =>
      app.inject({ method: 'GET', url: `/api/v1/hooks_settings/${id}`, headers: HEADERS })
    expect((await get(55)).json().data).toEqual(legacy(perUrlAnswer))
    expect((await get(56)).json().data.company_id).toBe(56)
    await app.inject({ method: 'DELETE', url: '/__mock/locations/55' })
    const options = await app.inject({ method: 'GET', url: '/__mock/locations/55/options' })
    expect(options.json().data).toEqual({ backend: 'current', ...defaults })
    const bad = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/55/options',
      payload: { backend: 'old' },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().meta.errors).toEqual({
      backend: ['backend must be one of current, legacy, got "old".'],
    })
  })

  it('is a flag of the CLI too, checked like the others', async () => {
    const store = await Store.open(':memory:')
    onCleanup(() => store.close())
    await expect(testApp({ store, backend: 'ancient' as never })).rejects.toThrow(
      'the option backend must be one of current, legacy, got "ancient".',
    )
  })
})
