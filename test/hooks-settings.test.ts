import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FLAG_NAMES } from '../src/schemas/hooks-settings/flags.js'
import {
  AUTH,
  allFlags,
  expectedSettings,
  fullBody,
  HEADERS,
  parseWarnings,
  stored,
  storedAt,
  tempDir,
  testApp,
  V2,
} from './helpers.js'

const PATH = '/api/v1/hooks_settings/123'

describe('GET /api/v1/hooks_settings/:location_id', () => {
  it('answers the contract defaults for a location that never saved settings', async () => {
    const { app } = await testApp()
    const res = await app.inject({ method: 'GET', url: PATH, headers: HEADERS })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['x-mock-warnings']).toBeUndefined()
    // Written out in full once, so the shape is pinned without helpers.
    expect(res.json()).toEqual({
      success: true,
      data: {
        urls: [''],
        active: 0,
        salon: 0,
        service_category: 0,
        service: 0,
        good: 0,
        master: 0,
        client: 0,
        record: 0,
        goods_operations_sale: 0,
        goods_operations_receipt: 0,
        goods_operations_consumable: 0,
        goods_operations_stolen: 0,
        goods_operations_move: 0,
        finances_operation: 0,
        loyalty_card: 0,
        schedule: 0,
        self_sending: 0,
        company_id: 123,
        url_settings: [],
      },
      meta: [],
    })
  })

  it('answers what was saved, with one url_settings entry per URL', async () => {
    const { app } = await testApp()
    const body = fullBody(['https://a.example/h', 'https://b.example/h'], { record: 1, client: 1 })
    await app.inject({ method: 'POST', url: PATH, headers: HEADERS, payload: body })
    const res = await app.inject({ method: 'GET', url: PATH, headers: HEADERS })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: expectedSettings(body, 123), meta: [] })
    expect(res.json().data.url_settings[1]).toEqual({
      url: 'https://b.example/h',
      active: 1,
      ...Object.fromEntries(Object.entries(body).filter(([k]) => !['urls', 'active'].includes(k))),
    })
  })

  it('answers in the contract key order, whatever order the data file stores', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    // Hand-edited: flags first, urls last.
    const handWritten = {
      ...allFlags(0),
      record: 1,
      active: 1,
      urls: ['https://a.example/h?q="x"'],
    }
    await writeFile(file, JSON.stringify({ locations: { 123: handWritten } }))
    const { app } = await testApp({ file })
    const res = await app.inject({ method: 'GET', url: PATH, headers: HEADERS })
    const data = expectedSettings({ urls: handWritten.urls, active: 1, record: 1 }, 123)
    expect(res.body).toBe(JSON.stringify({ success: true, data, meta: [] }))
    expect(Object.keys(res.json().data)).toEqual([
      'urls',
      'active',
      ...FLAG_NAMES,
      'company_id',
      'url_settings',
    ])
  })

  it('keeps locations apart', async () => {
    const { app } = await testApp()
    const body = fullBody(['https://a.example/h'], { record: 1 })
    await app.inject({
      method: 'POST',
      url: '/api/v1/hooks_settings/1',
      headers: HEADERS,
      payload: body,
    })
    const other = await app.inject({
      method: 'GET',
      url: '/api/v1/hooks_settings/2',
      headers: HEADERS,
    })
    expect(other.json().data).toEqual(expectedSettings({ urls: [], active: 0 }, 2))
  })
})

describe('POST /api/v1/hooks_settings/:location_id', () => {
  it('answers 201 with the saved settings and no warnings for a complete https body', async () => {
    const { app, store } = await testApp()
    const body = fullBody(['https://example.com/hooks'], { record: 1, self_sending: 1 })
    const res = await app.inject({ method: 'POST', url: PATH, headers: HEADERS, payload: body })
    expect(res.statusCode).toBe(201)
    expect(res.headers['x-mock-warnings']).toBeUndefined()
    expect(res.json()).toEqual({ success: true, data: expectedSettings(body, 123), meta: [] })
    expect(storedAt(store, 123)).toEqual(stored(body))
  })

  it('replaces the whole settings: omitted URLs are gone, omitted flags are 0', async () => {
    const { app } = await testApp()
    const first = fullBody(['https://a.example/h', 'https://b.example/h'], { record: 1, client: 1 })
    await app.inject({ method: 'POST', url: PATH, headers: HEADERS, payload: first })
    const second = { urls: ['https://c.example/h'], active: 0, good: 1 }
    const res = await app.inject({ method: 'POST', url: PATH, headers: HEADERS, payload: second })
    expect(res.statusCode).toBe(201)
    const expected = { success: true, data: expectedSettings(second, 123), meta: [] }
    expect(res.json()).toEqual(expected)
    expect(expected.data.record).toBe(0)
    const read = await app.inject({ method: 'GET', url: PATH, headers: HEADERS })
    expect(read.json()).toEqual(expected)
  })

  it('warns about omitted flags, unknown fields and plain-http URLs, and still saves', async () => {
    const { app } = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: PATH,
      headers: { authorization: AUTH },
      payload: { urls: ['http://plain.example/h'], active: 1, record: 1, colour: 'red' },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({
      success: true,
      data: expectedSettings({ urls: ['http://plain.example/h'], active: 1, record: 1 }, 123),
      meta: [],
    })
    expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual([
      'accept-not-v2: Accept is missing; the real API requires application/vnd.api.v2+json (Altegio) or application/vnd.yclients.v2+json (YCLIENTS) for partners registered after id 1743',
      'unknown-fields: ignored fields that are not in the contract: colour',
      'omitted-flags: stored as 0: salon, service_category, service, good, master, client, goods_operations_sale, goods_operations_receipt, goods_operations_consumable, goods_operations_stolen, goods_operations_move, finances_operation, loyalty_card, schedule, self_sending; how the real API treats an omitted flag is undocumented, so send every flag',
      'plain-http-url: plain http URL(s) http://plain.example/h; receivers in production should use https',
    ])
  })

  it('accepts the YCLIENTS v2 media type and vendor JSON content types without warnings', async () => {
    const { app } = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: PATH,
      headers: {
        authorization: AUTH,
        accept: 'application/vnd.yclients.v2+json',
        'content-type': 'application/json; charset=utf-8',
      },
      payload: JSON.stringify(fullBody()),
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers['x-mock-warnings']).toBeUndefined()
    const vendor = await app.inject({
      method: 'POST',
      url: PATH,
      headers: { ...HEADERS, 'content-type': V2 },
      payload: JSON.stringify(fullBody()),
    })
    expect(vendor.statusCode).toBe(201)
  })

  it('answers GET with a warning but 200 when the Accept header is not v2', async () => {
    const { app } = await testApp()
    const res = await app.inject({
      method: 'GET',
      url: PATH,
      headers: { authorization: AUTH, accept: 'application/json' },
    })
    expect(res.statusCode).toBe(200)
    expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual([
      'accept-not-v2: Accept is "application/json"; the real API requires application/vnd.api.v2+json (Altegio) or application/vnd.yclients.v2+json (YCLIENTS) for partners registered after id 1743',
    ])
  })
})

describe('unknown routes', () => {
  it('answer 404 in the Altegio envelope, naming the routes that exist', async () => {
    const { app } = await testApp()
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/hooks_setting/1?x=1',
      headers: HEADERS,
    })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message:
          'No route GET /api/v1/hooks_setting/1. The mock serves the Developer Tools sections: GET and POST /api/v1/hooks_settings/{location_id}, the marketplace under /marketplace/, /api/v1/voip/integration, and the dictionaries (/api/v1/countries, /api/v1/cities, /api/v1/references/business_groups_with_types); its own routes are under /__mock/ (every route: GET /__mock/docs).',
      },
    })
  })
})

describe('GET /__mock/health', () => {
  it('answers 200 without Altegio auth', async () => {
    const { app } = await testApp()
    const res = await app.inject({ method: 'GET', url: '/__mock/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      success: true,
      data: { status: 'ok', locations: 0, data_file: ':memory:' },
      meta: [],
    })
  })
})
