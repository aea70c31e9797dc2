import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { ConfigError } from '../src/config/kinds.js'
import { startAltegioMock } from '../src/mock.js'
import { logCommits, onCleanup, openStore, tempDir } from './helpers.js'
import {
  APPLICATION,
  failure,
  install,
  invalid,
  marketplaceApp,
  PARTNER,
  STORED_APPLICATION,
} from './marketplace-helpers.js'

describe('/__mock/applications', () => {
  it('registers, lists, reads and forgets applications; forgetting removes their URLs', async () => {
    const { app, store } = await marketplaceApp(200, { applications: undefined })
    const created = await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: APPLICATION,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toEqual({ success: true, data: STORED_APPLICATION, meta: [] })
    expect((await app.inject({ method: 'GET', url: '/__mock/applications' })).json()).toEqual({
      success: true,
      data: [STORED_APPLICATION],
      meta: { count: 1 },
    })
    expect(
      (await app.inject({ method: 'GET', url: '/__mock/applications/7' })).json().data,
    ).toEqual(STORED_APPLICATION)
    await install(app, 55, ['https://p.example/hooks'])
    const deleted = await app.inject({ method: 'DELETE', url: '/__mock/applications/7' })
    expect(deleted.json()).toEqual({ success: true, data: { deleted: 7 }, meta: [] })
    expect(store.size('applications')).toBe(0)
    expect(store.size('installations')).toBe(0)
    expect(store.get('locations', '55')).toBeUndefined()
    const gone = await app.inject({ method: 'GET', url: '/__mock/applications/7' })
    expect(gone.statusCode).toBe(404)
    expect(gone.json()).toEqual(
      failure('Application 7 is not registered with the mock (POST /__mock/applications).'),
    )
  })

  it('answers 422 by field for a bad application, and keeps nothing of it', async () => {
    const { app, store } = await marketplaceApp(200, { applications: undefined })
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: {
        application_id: 7,
        partner_token: 'a b',
        callback_url: 'ftp://x',
        webhook_entities: ['schedule'],
      },
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        partner_token: [
          'partner_token must be a token of 1 to 255 characters without spaces or commas, got "a b".',
        ],
        callback_url: [
          'callback_url must be an absolute http:// or https:// URL (or null), e.g. "https://example.com/altegio", got "ftp://x".',
        ],
        webhook_entities: [
          'webhook_entities[0] must be one of salon, service_category, service, good, master, client, record, goods_operations_sale, goods_operations_receipt, goods_operations_consumable, goods_operations_stolen, goods_operations_move, finances_operation (activation never sets schedule or loyalty_card), got "schedule".',
        ],
      }),
    )
    expect(store.size('applications')).toBe(0)
  })

  it('keeps a category; an unknown one is a 422 naming it; a file kept before categories reads as the default', async () => {
    const { app, store } = await marketplaceApp(200, { applications: undefined })
    const created = await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: { ...APPLICATION, category: 'telephony' },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toEqual({
      success: true,
      data: { ...STORED_APPLICATION, category: 'telephony' },
      meta: [],
    })
    const bad = await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: { ...APPLICATION, application_id: 8, category: 'voip' },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toEqual(
      invalid({
        category: [
          'category must be one of other, analytics, ai_bots, chat_bots, sms_aggregators, telephony, got "voip".',
        ],
      }),
    )
    expect(store.get('applications', '8')).toBeUndefined()
    const dir = await tempDir()
    const file = join(dir, 'data.json')
    const { category: _, ...before } = STORED_APPLICATION
    await writeFile(file, JSON.stringify({ locations: {}, applications: { '7': before } }))
    expect((await openStore(file)).get('applications', '7')).toEqual(before)
    // An installation kept before channels, sender names and activated_via reads as it was.
    const installation = {
      location_id: 55,
      application_id: 7,
      status: 'active',
      created_at: '2026-05-01 10:00:00',
      granted_at_ms: 1_777_629_600_000,
      redirect_url: null,
      webhook_urls: [],
      api_key: null,
      chat_url: null,
      discount: null,
      logs: [],
      logs_dropped: 0,
      payments: [],
    }
    const older = join(dir, 'older.json')
    await writeFile(
      older,
      JSON.stringify({
        locations: {},
        applications: { '7': before },
        installations: { '55:7': installation },
      }),
    )
    expect((await openStore(older)).get('installations', '55:7')).toEqual(installation)
  })

  it('refuses callback and registration URLs the WHATWG parser refuses, so no grant fails later', async () => {
    const { app, store } = await marketplaceApp(200, { applications: undefined })
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: {
        ...APPLICATION,
        callback_url: 'http://1.2.3.4.5/callback',
        registration_redirect_url: 'http://xn--/register',
      },
    })
    expect(res.statusCode).toBe(422)
    const urlRule =
      'must be an absolute http:// or https:// URL (or null), e.g. "https://example.com/altegio"'
    expect(res.json()).toEqual(
      invalid({
        callback_url: [
          `callback_url ${urlRule}, got "http://1.2.3.4.5/callback": its host 1.2.3.4.5 ends in a number, so it must be an IPv4 address: at most four numbers from 0 to 255, e.g. 192.0.2.10.`,
        ],
        registration_redirect_url: [
          `registration_redirect_url ${urlRule}, got "http://xn--/register": its host xn-- has an xn-- label that is not valid punycode.`,
        ],
      }),
    )
    expect(store.size('applications')).toBe(0)
  })
})

describe('/__mock/locations/{id}/applications/{id}', () => {
  it('grants as the owner would, with the owner given for user_data, and shows the whole record', async () => {
    const { app } = await marketplaceApp()
    await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: {
        ...APPLICATION,
        is_personal_data_access_needed: true,
        user_data_sign_input: 'base64',
      },
    })
    const user = { user_id: 5, name: 'Ann', email: 'ann@example.com', phone: '35799000000' }
    const res = await app.inject({
      method: 'POST',
      url: '/__mock/locations/55/applications/7/grant',
      payload: { user },
    })
    expect(res.statusCode).toBe(200)
    const url = new URL(res.json().data.redirect_url)
    const userData = url.searchParams.get('user_data') ?? ''
    expect(JSON.parse(Buffer.from(userData, 'base64').toString('utf8'))).toEqual(user)
    const { createHmac } = await import('node:crypto')
    expect(url.searchParams.get('user_data_sign')).toBe(
      createHmac('sha256', PARTNER).update(userData).digest('hex'),
    )
    const record = await app.inject({ method: 'GET', url: '/__mock/locations/55/applications/7' })
    expect(record.json().data).toMatchObject({
      status: 'pending',
      redirect_url: url.toString(),
      webhook_urls: [],
    })
    const none = await app.inject({ method: 'GET', url: '/__mock/locations/56/applications/7' })
    expect(none.statusCode).toBe(404)
    expect(none.json()).toEqual(
      failure('Application 7 was never granted at location 56 (or the location was reset).'),
    )
    const bad = await app.inject({
      method: 'POST',
      url: '/__mock/locations/55/applications/7/grant',
      payload: { user: { user_id: 0 } },
    })
    expect(bad.statusCode).toBe(422)
  })
})

describe('resets', () => {
  it('forgets one location’s installations with its settings; a global reset keeps the start applications', async () => {
    const { app, store } = await marketplaceApp()
    await install(app, 55, ['https://p.example/55'])
    await install(app, 56, ['https://p.example/56'])
    await app.inject({ method: 'DELETE', url: '/__mock/locations/55' })
    expect([...store.entries('installations')].map(([key]) => key)).toEqual(['56:7'])
    expect(store.get('locations', '55')).toBeUndefined()
    await app.inject({
      method: 'POST',
      url: '/__mock/applications',
      payload: { application_id: 8, partner_token: 'p8' },
    })
    await app.inject({ method: 'POST', url: '/__mock/reset' })
    expect(store.size('installations')).toBe(0)
    expect(store.size('locations')).toBe(0)
    expect([...store.entries('applications')].map(([key]) => key)).toEqual(['7'])
  })
})

describe('the applications option', () => {
  it('reads a JSON file at start, and refuses one it cannot use, saying why', async () => {
    const dir = await tempDir()
    const file = join(dir, 'apps.json')
    await writeFile(file, JSON.stringify([APPLICATION]))
    const app = await buildApp({ applications: file })
    onCleanup(() => app.close())
    expect(app.mock.marketplace.applications()).toEqual([STORED_APPLICATION])
    await writeFile(file, JSON.stringify([APPLICATION, APPLICATION]))
    await expect(buildApp({ applications: file })).rejects.toThrow(
      new ConfigError(
        `--applications ${file}: application 7 is listed twice. It must be a JSON list such as [{"application_id": 7, "partner_token": "...", "callback_url": "https://..."}].`,
      ),
    )
    await expect(buildApp({ applications: [{ application_id: 7 }] as never })).rejects.toThrow(
      'the option applications: entry 0 must be an application such as',
    )
  })

  it('takes the list in code, and mock.marketplace drives the lifecycle', async () => {
    const mock = await startAltegioMock({
      applications: [APPLICATION],
      webhookClient: async () => ({ statusCode: 200 }),
    })
    onCleanup(() => mock.close())
    const { redirect_url } = await mock.marketplace.grant(55, 7)
    expect(redirect_url).toBe('https://partner.example/altegio/register?salon_id=55')
    await expect(mock.marketplace.trigger(55, 7, 'freeze')).rejects.toThrow(
      'application 7 is pending at location 55: only an active installation freezes.',
    )
    await expect(mock.marketplace.trigger(55, 7, { event: 'pay' } as never)).rejects.toThrow(
      new TypeError('event.event must be one of uninstall, freeze, payment, got "pay".'),
    )
    const { delivery_id } = await mock.marketplace.trigger(55, 7, 'uninstall')
    const [delivery] = await mock.deliveries.waitFor({ resource: 'application' })
    expect(delivery?.id).toBe(delivery_id)
    expect((await mock.marketplace.installation(55, 7))?.status).toBe('uninstalled')
  })
})

describe('persistence', () => {
  it('keeps applications and installations in the data file, through the log and a restart', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file)
    const app = await buildApp({
      store,
      applications: [APPLICATION],
      webhookClient: async () => ({ statusCode: 200 }),
    })
    await install(app, 55, ['https://p.example/hooks'])
    const commits = await logCommits(file)
    // The grant, then the callback: its installation and the location's settings in one commit.
    expect(
      commits.map((c) =>
        (c as { changes: { collection: string }[] }).changes.map((x) => x.collection),
      ),
    ).toEqual([['applications'], ['installations'], ['installations', 'locations']])
    const before = app.mock.marketplace.installation(55, 7)
    await app.close()
    await store.close()
    const reopened = await openStore(file)
    expect(reopened.get('installations', '55:7')).toEqual(before)
    expect(reopened.get('applications', '7')).toEqual(STORED_APPLICATION)
    expect(reopened.get('locations', '55')?.url_settings.map((u) => u.url)).toEqual([
      'https://p.example/hooks',
    ])
  })
})
