import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { openStore, parseWarnings, tempDir } from './helpers.js'
import {
  APPLICATION,
  failure,
  invalid,
  marketplaceApp,
  OWNER_HEADERS,
  PARTNER_HEADERS,
} from './marketplace-helpers.js'

// SMS sender names, notification channels and the redirect callback
// (docs/marketplace-contract.md, sections 2 and 11).

const post = (
  url: string,
  payload: unknown,
  headers: Record<string, string> = PARTNER_HEADERS,
) => ({
  method: 'POST' as const,
  url,
  headers,
  payload: payload as object,
})
const grant = (locationId = 55) =>
  post(
    `/api/v1/company/${locationId}/marketplace/applications/7/grant_access`,
    undefined,
    OWNER_HEADERS,
  )
const activate = (locationId = 55) =>
  post('/marketplace/partner/callback', {
    salon_id: locationId,
    application_id: 7,
    webhook_urls: [],
  })
const shortNames = (payload: unknown, headers?: Record<string, string>) =>
  post('/marketplace/partner/short_names', payload, headers)
const updateChannel = (payload: unknown, prefix = '') =>
  post(`${prefix}/marketplace/application/update_channel`, payload)

/** Application 7 of `category`, installed at location 55. */
async function installed(category: string) {
  const setup = await marketplaceApp(200, { applications: [{ ...APPLICATION, category }] })
  await setup.app.inject({ ...grant(), payload: undefined })
  const res = await setup.app.inject(activate())
  if (res.statusCode !== 201) throw new Error(`callback: ${res.body}`)
  return setup
}

describe('POST /marketplace/partner/short_names', () => {
  it('answers 201 and keeps the names on the installation, the whole list replaced each time', async () => {
    const { app, store } = await installed('sms_aggregators')
    const res = await app.inject(
      shortNames({ salon_id: 55, application_id: 7, short_names: ['SalonSMS', 'Beauty'] }),
    )
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ success: true, data: null, meta: [] })
    expect(res.headers['x-mock-warnings']).toBeUndefined()
    expect(store.get('installations', '55:7')?.short_names).toEqual(['SalonSMS', 'Beauty'])
    const again = await app.inject(
      shortNames({ salon_id: 55, application_id: 7, short_names: ['Nails'] }, undefined),
    )
    expect(again.statusCode).toBe(201)
    const record = await app.inject({ method: 'GET', url: '/__mock/locations/55/applications/7' })
    expect(record.json().data.short_names).toEqual(['Nails'])
    const underApi = await app.inject(
      post('/api/v1/marketplace/partner/short_names', {
        salon_id: 55,
        application_id: 7,
        short_names: ['Spa'],
      }),
    )
    expect(underApi.statusCode).toBe(201)
    expect(store.get('installations', '55:7')?.short_names).toEqual(['Spa'])
  })

  it('answers 422 by field for names the platform refuses, and keeps nothing of them', async () => {
    const { app, store } = await installed('sms_aggregators')
    const res = await app.inject(
      shortNames({
        salon_id: 55,
        application_id: 7,
        short_names: ['Fine', 'Салон', 'MyAltegio', 'AG', 'ag2'],
      }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        'short_names[1]': [
          'short_names[1] must not have Cyrillic letters (SMS sender names are Latin), got "Салон".',
        ],
        'short_names[2]': [
          'short_names[2] must not contain "altegio" (the platform\'s own name), got "MyAltegio".',
        ],
        'short_names[3]': ['short_names[3] must not be "ag" (reserved), got "AG".'],
      }),
    )
    const empty = await app.inject(shortNames({ salon_id: 55, application_id: 7, short_names: [] }))
    expect(empty.statusCode).toBe(422)
    expect(empty.json()).toEqual(
      invalid({
        short_names: [
          'short_names must be a list of 1 to 20 sender names, e.g. ["SalonSMS", "Beauty"], got [].',
        ],
      }),
    )
    const many = Array.from({ length: 21 }, (_, i) => `Name${i}`)
    const tooMany = await app.inject(
      shortNames({ salon_id: 55, application_id: 7, short_names: many }),
    )
    expect(tooMany.statusCode).toBe(422)
    expect(Object.keys(tooMany.json().meta.errors)).toEqual(['short_names'])
    expect(store.get('installations', '55:7')?.short_names).toBeNull()
  })

  it('is for SMS aggregators, at a location where the application is installed', async () => {
    const bot = await installed('chat_bots')
    const wrong = await bot.app.inject(
      shortNames({ salon_id: 55, application_id: 7, short_names: ['SalonSMS'] }),
    )
    expect(wrong.statusCode).toBe(422)
    expect(wrong.json()).toEqual(
      invalid({
        application_id: [
          'application 7 is in category chat_bots: only sms_aggregators applications may use this route (register it with "category": "sms_aggregators").',
        ],
      }),
    )
    const { app } = await installed('sms_aggregators')
    const elsewhere = await app.inject(
      shortNames({ salon_id: 56, application_id: 7, short_names: ['SalonSMS'] }),
    )
    expect(elsewhere.statusCode).toBe(422)
    expect(elsewhere.json()).toEqual(
      invalid({
        salon_id: [
          'application 7 is not active at location 56: the partner callback activates it first (POST /marketplace/partner/callback).',
        ],
      }),
    )
  })

  it('needs the partner token (401) of the application (403), a known application (404)', async () => {
    const { app } = await installed('sms_aggregators')
    const body = { salon_id: 55, application_id: 7, short_names: ['SalonSMS'] }
    const none = await app.inject(shortNames(body, { accept: PARTNER_HEADERS.accept }))
    expect(none.statusCode).toBe(401)
    expect(none.json()).toEqual(failure('Authentication needed.'))
    const other = await app.inject(
      shortNames(body, { ...PARTNER_HEADERS, authorization: 'Bearer someone-else' }),
    )
    expect(other.statusCode).toBe(403)
    expect(other.json()).toEqual(failure('Access denied.'))
    const unknown = await app.inject(shortNames({ ...body, application_id: 8 }))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual(failure('Application not found'))
  })
})

describe('POST /marketplace/application/update_channel', () => {
  it('answers the documented 200 and keeps the channels on the installation', async () => {
    const { app, store } = await installed('chat_bots')
    const res = await app.inject(
      updateChannel({
        salon_id: 55,
        application_id: 7,
        channel_slug: 'whatsapp',
        is_available: true,
      }),
    )
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: {}, meta: [] })
    expect(store.get('installations', '55:7')?.channels).toEqual(['whatsapp'])
    await app.inject(
      updateChannel(
        { salon_id: 55, application_id: 7, channel_slug: 'sms', is_available: true },
        '/api/v1',
      ),
    )
    await app.inject(
      updateChannel({
        salon_id: 55,
        application_id: 7,
        channel_slug: 'whatsapp',
        is_available: false,
      }),
    )
    const record = await app.inject({ method: 'GET', url: '/__mock/locations/55/applications/7' })
    expect(record.json().data.channels).toEqual(['sms'])
  })

  it('answers 422 by field for a wrong channel or flag, an app of another category, or no installation', async () => {
    const { app, store } = await installed('sms_aggregators')
    const bad = await app.inject(
      updateChannel({
        salon_id: 55,
        application_id: 7,
        channel_slug: 'email',
        is_available: 'yes',
      }),
    )
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toEqual(
      invalid({
        channel_slug: ['channel_slug must be one of sms, whatsapp, got "email".'],
        is_available: ['is_available must be true or false, got "yes".'],
      }),
    )
    const elsewhere = await app.inject(
      updateChannel({ salon_id: 56, application_id: 7, channel_slug: 'sms', is_available: true }),
    )
    expect(elsewhere.json()).toEqual(
      invalid({
        salon_id: [
          'application 7 is not active at location 56: the partner callback activates it first (POST /marketplace/partner/callback).',
        ],
      }),
    )
    expect(store.get('installations', '55:7')?.channels).toEqual([])
    const other = await installed('telephony')
    const refused = await other.app.inject(
      updateChannel({ salon_id: 55, application_id: 7, channel_slug: 'sms', is_available: true }),
    )
    expect(refused.statusCode).toBe(422)
    expect(refused.json()).toEqual(
      invalid({
        application_id: [
          'application 7 is in category telephony: only chat_bots and sms_aggregators applications may use this route (register it with "category": "chat_bots").',
        ],
      }),
    )
  })
})

describe('POST /marketplace/partner/callback/redirect', () => {
  it('activates as the callback does, answers 200, and says which route activated it', async () => {
    const { app, store } = await marketplaceApp()
    await app.inject({ ...grant(), payload: undefined })
    const res = await app.inject(
      post('/marketplace/partner/callback/redirect', {
        salon_id: 55,
        application_id: 7,
        api_key: 'key',
        webhook_urls: ['https://p.example/hooks'],
        channels: ['sms'],
      }),
    )
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ success: true, data: null, meta: [] })
    expect(res.headers['x-mock-warnings']).toBeUndefined()
    expect(store.get('installations', '55:7')).toMatchObject({
      status: 'active',
      api_key: 'key',
      webhook_urls: ['https://p.example/hooks'],
      channels: ['sms'],
      activated_via: 'redirect',
    })
    expect(store.get('locations', '55')?.url_settings.map((u) => u.url)).toEqual([
      'https://p.example/hooks',
    ])
    const again = await app.inject(
      post('/api/v1/marketplace/partner/callback/redirect', { salon_id: 55, application_id: 7 }),
    )
    expect(again.statusCode).toBe(403)
    expect(again.json()).toEqual(failure('The user has already installed this application.'))
    expect(parseWarnings(again.headers['x-mock-warnings'])).toEqual([
      'http-403: application 7 is already active at location 55: the partner callback activates a pending installation once (read GET /marketplace/salon/55/application/7 first).',
    ])
  })

  it('refuses without a grant, as the callback: 422 naming salon_id', async () => {
    const { app, store } = await marketplaceApp()
    const res = await app.inject(
      post('/marketplace/partner/callback/redirect', { salon_id: 55, application_id: 7 }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        salon_id: [
          'application 7 is not installed at location 55: the owner grants access first (POST /api/v1/company/55/marketplace/applications/7/grant_access, or POST /__mock/locations/55/applications/7/grant).',
        ],
      }),
    )
    expect(store.get('installations', '55:7')).toBeUndefined()
  })
})

describe('uninstall', () => {
  it('clears the channels and sender names with the URLs', async () => {
    const { app, store } = await installed('sms_aggregators')
    await app.inject(shortNames({ salon_id: 55, application_id: 7, short_names: ['SalonSMS'] }))
    await app.inject(
      updateChannel({ salon_id: 55, application_id: 7, channel_slug: 'sms', is_available: true }),
    )
    const res = await app.inject({
      method: 'POST',
      url: '/marketplace/salon/55/application/7/uninstall',
      headers: PARTNER_HEADERS,
    })
    expect(res.statusCode).toBe(200)
    expect(store.get('installations', '55:7')).toMatchObject({
      status: 'uninstalled',
      channels: [],
      short_names: null,
    })
  })
})

describe('the data file', () => {
  it('keeps sender names, channels and the activating route through a restart', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file)
    const app = await buildApp({
      store,
      applications: [{ ...APPLICATION, category: 'sms_aggregators' }],
      webhookClient: async () => ({ statusCode: 200 }),
    })
    await app.inject({ ...grant(), payload: undefined })
    await app.inject(
      post('/marketplace/partner/callback/redirect', {
        salon_id: 55,
        application_id: 7,
        channels: ['whatsapp'],
      }),
    )
    await app.inject(shortNames({ salon_id: 55, application_id: 7, short_names: ['SalonSMS'] }))
    await app.inject(
      updateChannel({ salon_id: 55, application_id: 7, channel_slug: 'sms', is_available: true }),
    )
    await app.close()
    await store.close()
    expect((await openStore(file)).get('installations', '55:7')).toMatchObject({
      status: 'active',
      channels: ['whatsapp', 'sms'],
      short_names: ['SalonSMS'],
      activated_via: 'redirect',
    })
  })
})
