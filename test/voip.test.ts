import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HEADERS, parseWarnings, tempDir, testApp, V2 } from './helpers.js'
import { failure, invalid } from './marketplace-helpers.js'
import {
  CLIENT,
  calls,
  DAY,
  history,
  INTEGRATION,
  incoming,
  LOCATION,
  PARTNER_HEADERS,
  post,
  setup,
  TOKEN,
  TZ,
  voipApp,
} from './voip-helpers.js'

/** The offset of location 123 as call_date carries it: "+03:00". */
const offset = `${TZ < 0 ? '-' : '+'}${String(Math.abs(TZ)).padStart(2, '0')}:00`
const local = (utcHour: number) =>
  `2026-05-01T${String(utcHour + TZ).padStart(2, '0')}:00:00${offset}`

describe('POST /api/v1/voip/integration', () => {
  it('answers 202 Accepted byte for byte for setup enable and disable', async () => {
    const { app } = await voipApp()
    for (const type of ['enable', 'disable', 'disable', 'enable'] as const) {
      const res = await app.inject(setup(type))
      expect(res.statusCode).toBe(202)
      expect(res.body).toBe('{"success":true,"data":null,"meta":{"message":"Accepted"}}')
      expect(res.headers['x-mock-warnings']).toBeUndefined()
    }
    expect((await app.inject({ method: 'GET', url: '/__mock/voip/integrations' })).json()).toEqual({
      success: true,
      data: [{ ...INTEGRATION, enabled: true, application_id: null }],
      meta: { count: 1 },
    })
  })

  it('needs the partner token: 401 in the envelope, the reason in X-Mock-Warnings', async () => {
    const { app } = await voipApp({ partnerTokens: ['partner-token'] })
    const none = await app.inject(post({ command: 'setup' }, { accept: V2 }))
    expect(none.statusCode).toBe(401)
    expect(none.json()).toEqual(failure('Authentication needed.'))
    expect(parseWarnings(none.headers['x-mock-warnings'])).toEqual([
      'http-401: no Authorization header; the VoIP integration routes need Authorization: Bearer <partner token>',
    ])
    const other = await app.inject(setup('enable'))
    expect(other.statusCode).toBe(202)
    const wrong = await app.inject(post({}, { authorization: 'Bearer someone-else', accept: V2 }))
    expect(wrong.statusCode).toBe(401)
    expect(parseWarnings(wrong.headers['x-mock-warnings'])).toEqual([
      'http-401: the partner token is not one of the tokens this mock was started with (--partner-token)',
    ])
  })

  it('refuses a missing or wrong field with 422 by field, and keeps nothing', async () => {
    const { app, store } = await voipApp()
    await app.inject(setup('enable'))
    const missing = await app.inject(
      post({ command: 'history', type: 'incoming', crm_token: TOKEN }),
    )
    expect(missing.statusCode).toBe(422)
    expect(missing.json()).toEqual(
      invalid({
        phone: [
          'phone is required for command "history": phone is the caller\'s number, diversion the number called.',
        ],
        diversion: [
          'diversion is required for command "history": phone is the caller\'s number, diversion the number called.',
        ],
      }),
    )
    const pair = await app.inject(post({ command: 'setup', type: 'incoming', crm_token: TOKEN }))
    expect(pair.json()).toEqual(
      invalid({ type: ['type must be enable or disable for command "setup", got "incoming".'] }),
    )
    const command = await app.inject(post({ command: 'call', type: 'incoming', crm_token: TOKEN }))
    expect(command.json()).toEqual(
      invalid({ command: ['command must be one of setup, event, history, got "call".'] }),
    )
    const values = await app.inject(
      history({ status: 'busy', date: 'yesterday', phone: 'anonymous' }),
    )
    expect(values.statusCode).toBe(422)
    expect(values.json().meta.errors).toEqual({
      status: ['status must be one of success, missed, got "busy".'],
    })
    const date = await app.inject(history({ date: '2026-05-01 09:00' }))
    expect(date.json()).toEqual(
      invalid({
        date: [
          'date must be an ISO 8601 date-time with its offset, e.g. "2018-03-20T12:00:28+00:00", got "2026-05-01 09:00".',
        ],
      }),
    )
    const phone = await app.inject(history({ phone: 'anonymous' }))
    expect(phone.json()).toEqual(
      invalid({ phone: ['phone must hold digits, e.g. "71010001100", got "anonymous".'] }),
    )
    expect(store.get('voip_calls', String(LOCATION))).toBeUndefined()
  })

  it('refuses an unknown crm_token with 422 and a warning that says so', async () => {
    const { app } = await voipApp()
    const res = await app.inject(setup('enable', 'not-a-token'))
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        crm_token: [
          'crm_token "not-a-token" is not a CRM token the mock knows: register it (POST /__mock/voip/integrations, --voip-integrations) or install a telephony application and read its token (GET /__mock/voip/integrations?location_id=...).',
        ],
      }),
    )
    expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual([
      'crm-token-unknown: no integration has crm_token "not-a-token"; what the real API answers is unpublished (voip contract, section 2)',
    ])
  })

  it('refuses events and calls of a disabled integration, with a warning', async () => {
    const { app, store } = await voipApp()
    for (const request of [incoming(), history()]) {
      const res = await app.inject(request)
      expect(res.statusCode).toBe(422)
      expect(res.json()).toEqual(
        invalid({
          crm_token: [
            'crm_token names an integration that is disabled: send {"command": "setup", "type": "enable"} with this crm_token first.',
          ],
        }),
      )
      expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual([
        'integration-disabled: the sources say only that events of a disabled integration "are not processed": production may answer 202 and drop it; the mock refuses so the test sees it (voip contract, section 2)',
      ])
    }
    expect(store.get('voip_calls', String(LOCATION))).toBeUndefined()
    const journal = await app.inject({ method: 'GET', url: '/__mock/voip/notifications' })
    expect(journal.json()).toEqual({ success: true, data: [], meta: { count: 0, dropped: 0 } })
  })

  it('shows an incoming call at the routed location, matched to its client; user wins', async () => {
    const { app } = await voipApp()
    await app.inject(setup('enable'))
    const byDiversion = await app.inject(incoming())
    expect(byDiversion.statusCode).toBe(202)
    expect(byDiversion.headers['x-mock-warnings']).toBeUndefined()
    const byUser = await app.inject(incoming({ user: '101', phone: '+1 999 000 0000' }))
    expect(byUser.statusCode).toBe(202)
    const res = await app.inject({
      method: 'GET',
      url: `/__mock/voip/notifications?location_id=${LOCATION}`,
    })
    expect(res.json()).toEqual({
      success: true,
      data: [
        {
          id: 1,
          location_id: LOCATION,
          staff_id: null,
          crm_token: TOKEN,
          phone: CLIENT.phone,
          diversion: '13155550176',
          user: null,
          client: CLIENT,
          created_at: local(10),
        },
        {
          id: 2,
          location_id: LOCATION,
          staff_id: 5,
          crm_token: TOKEN,
          phone: '+1 999 000 0000',
          diversion: '13155550176',
          user: '101',
          client: null,
          created_at: local(10),
        },
      ],
      meta: { count: 2, dropped: 0 },
    })
  })

  it('matches the phone a test fixed on a client (PUT /__mock/locations/{id}/clients/{id})', async () => {
    const { app } = await voipApp()
    await app.inject(setup('enable'))
    const fixed = await app.inject({
      method: 'PUT',
      url: `/__mock/locations/${LOCATION}/clients/${CLIENT.id}`,
      payload: { name: 'Ann', phone: '+14155550100' },
    })
    expect(fixed.statusCode).toBe(200)
    await app.inject(incoming({ phone: '1 (415) 555-0100' }))
    await app.inject(incoming())
    const res = await app.inject({ method: 'GET', url: '/__mock/voip/notifications' })
    expect(res.json().data.map((n: { client: unknown }) => n.client)).toEqual([
      { ...CLIENT, name: 'Ann', phone: '+14155550100' },
      null,
    ])
  })

  it('accepts what it shows nowhere with a warning: unrouted, outgoing events', async () => {
    const { app } = await voipApp()
    await app.inject(setup('enable'))
    const unrouted = await app.inject(incoming({ diversion: '100' }))
    expect(unrouted.statusCode).toBe(202)
    expect(parseWarnings(unrouted.headers['x-mock-warnings'])).toEqual([
      'voip-unrouted: no route of this crm_token takes user null or diversion "100": the call was kept nowhere (routes: GET /__mock/voip/integrations)',
    ])
    const outgoing = await app.inject(incoming({ type: 'outgoing', extra: 1 }))
    expect(outgoing.statusCode).toBe(202)
    expect(parseWarnings(outgoing.headers['x-mock-warnings'])).toEqual([
      'unknown-fields: ignored fields that are not in the sources: extra',
      'voip-not-displayed: notifications are displayed only for "incoming" (voip contract, section 2): this "outgoing" showed nothing',
    ])
    const journal = await app.inject({ method: 'GET', url: '/__mock/voip/notifications' })
    expect(journal.json().data).toEqual([])
  })
})

describe('GET /api/v1/voip/integration/calls', () => {
  it('lists history calls newest first, matched to clients, in the location offset; the file has them', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const { app, store } = await voipApp({ file })
    await app.inject(setup('enable'))
    expect((await app.inject(history())).statusCode).toBe(202)
    const missed = await app.inject(
      history({
        phone: '+1 999 000 0000',
        status: 'missed',
        duration: undefined,
        link: undefined,
        date: undefined,
        type: 'outgoing',
      }),
    )
    expect(missed.statusCode).toBe(202)
    const res = await app.inject(calls(DAY))
    expect(res.statusCode).toBe(200)
    const first = {
      id: 1,
      client_id: CLIENT.id,
      caller_phone: CLIENT.phone,
      record_link: 'https://external.call.storage/call_record.mp3',
      duration: 90,
      status: 'success',
      type: 'incoming',
      call_date: local(9),
    }
    const second = {
      id: 2,
      client_id: 0,
      caller_phone: '+1 999 000 0000',
      record_link: '',
      duration: 0,
      status: 'missed',
      type: 'outgoing',
      call_date: local(10),
    }
    expect(res.json()).toEqual({
      success: true,
      data: [second, first],
      meta: { count: 2, total_count: 2 },
    })
    for (const [query, expected] of [
      ['&types[]=incoming&types[]=internal', [first]],
      ['&types=outgoing&types=internal', [second]],
      ['&statuses=success,missed', [second, first]],
      [`&phone=${encodeURIComponent(CLIENT.phone.replace(/\D/g, ''))}`, [first]],
      ['&limit=1&page=2', [first]],
    ] as const) {
      expect((await app.inject(calls(`${DAY}${query}`))).json().data).toEqual(expected)
    }
    const before = `salon_id=${LOCATION}&date_from=2026-04-30&date_to=2026-04-30`
    expect((await app.inject(calls(before))).json().data).toEqual([])
    await store.close()
    const onDisk = JSON.parse(await readFile(file, 'utf8'))
    expect(onDisk.voip_integrations).toEqual({
      [TOKEN]: { ...INTEGRATION, enabled: true, application_id: null },
    })
    expect(onDisk.voip_calls[String(LOCATION)]).toEqual({
      last_id: 2,
      calls: [
        {
          ...first,
          date_ms: Date.parse('2026-05-01T09:00:00Z'),
          staff_id: null,
          call_id: 'external_call_id',
          crm_token: TOKEN,
        },
        {
          ...second,
          date_ms: Date.parse('2026-05-01T10:00:00Z'),
          staff_id: null,
          call_id: 'external_call_id',
          crm_token: TOKEN,
        },
      ],
    })
  })

  it('needs the partner and user token (401), an allowed location (403), a good query (422)', async () => {
    const { app } = await voipApp({ userAccess: { 'user-token': [7] } })
    const partnerOnly = await app.inject(calls(DAY, PARTNER_HEADERS))
    expect(partnerOnly.statusCode).toBe(401)
    expect(partnerOnly.json()).toEqual(failure('Authentication needed.'))
    expect(parseWarnings(partnerOnly.headers['x-mock-warnings'])).toEqual([
      'http-401: only a partner token was sent; voip/integration/calls needs a user token too: Authorization: Bearer <partner token>, User <user token>',
    ])
    const elsewhere = await app.inject(calls(DAY))
    expect(elsewhere.statusCode).toBe(403)
    expect(elsewhere.json()).toEqual(failure('Access denied.'))
    const bad = await app.inject(
      calls('salon_id=7&date_from=May&date_to=2026-05-01&types=inbound&limit=500'),
    )
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toEqual(
      invalid({
        date_from: [
          'date_from must be a day (2026-03-14) or an ISO 8601 date-time (2026-03-14T10:30:00+03:00), got "May".',
        ],
        types: ['types must be among incoming, outgoing, internal, got "inbound".'],
        limit: ['limit must be an integer from 1 to 100, got "500".'],
      }),
    )
    const missing = await app.inject(calls('salon_id=7'))
    expect(missing.statusCode).toBe(422)
    expect(Object.keys(missing.json().meta.errors)).toEqual(['date_from', 'date_to'])
  })

  it('keeps the latest 500 calls of a location: the oldest goes first', async () => {
    const { app, store } = await voipApp()
    await app.inject(setup('enable'))
    for (let i = 0; i < 502; i += 1) {
      const res = await app.inject(history({ call_id: `call-${i}` }))
      expect(res.statusCode).toBe(202)
    }
    const list = store.get('voip_calls', String(LOCATION))
    expect(list?.calls.length).toBe(500)
    expect(list?.calls[0]?.call_id).toBe('call-2')
    expect(list?.last_id).toBe(502)
    expect((await app.inject(calls(DAY))).json().meta).toEqual({ count: 25, total_count: 500 })
  })
})

describe('faults and the data file', () => {
  it('a fault of route "voip" answers the VoIP routes instead, not hooks_settings', async () => {
    const { app } = await voipApp()
    const fault = await app.inject({
      method: 'POST',
      url: '/__mock/faults',
      payload: { route: 'voip', status: 503, times: 2 },
    })
    expect(fault.statusCode).toBe(201)
    const hooks = await app.inject({
      method: 'GET',
      url: '/api/v1/hooks_settings/5',
      headers: HEADERS,
    })
    expect(hooks.statusCode).toBe(200)
    const event = await app.inject(setup('enable'))
    expect(event.statusCode).toBe(503)
    expect(event.json()).toEqual(failure('Service Unavailable.'))
    expect((await app.inject(calls(DAY))).statusCode).toBe(503)
    expect((await app.inject(setup('enable'))).statusCode).toBe(202)
  })

  it('a snapshot keeps the CRM tokens and calls; its restore brings them back', async () => {
    const { app, store } = await voipApp()
    await app.inject(setup('enable'))
    await app.inject(history())
    const taken = await app.inject({
      method: 'POST',
      url: '/__mock/snapshots',
      payload: { name: 'one' },
    })
    expect(taken.json().data.entries).toMatchObject({ voip_integrations: 1, voip_calls: 1 })
    await app.inject(history({ call_id: 'later' }))
    await app.inject(setup('disable'))
    const restored = await app.inject({ method: 'POST', url: '/__mock/snapshots/one/restore' })
    expect(restored.statusCode).toBe(200)
    expect(store.get('voip_calls', String(LOCATION))?.calls.map((c) => c.call_id)).toEqual([
      'external_call_id',
    ])
    expect(store.get('voip_integrations', TOKEN)?.enabled).toBe(true)
  })

  it('leaves the VoIP collections out of a data file without VoIP state', async () => {
    const file = join(await tempDir(), 'db.json')
    const { app, store } = await testApp({ file })
    await app.inject({
      method: 'PUT',
      url: '/__mock/locations/5/settings',
      payload: { urls: [], active: 0 },
    })
    await store.close()
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')))).toEqual(['locations'])
  })
})

describe('/__mock/voip', () => {
  it('registers tokens, refuses bad ones by field, waits for notifications, resets', async () => {
    const { app, store } = await voipApp({ voipIntegrations: [] })
    const bad = await app.inject({
      method: 'POST',
      url: '/__mock/voip/integrations',
      payload: { crm_token: TOKEN, routes: [] },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toEqual(
      invalid({ routes: ['routes must be a list of 1 to 100 routes, got [].'] }),
    )
    const created = await app.inject({
      method: 'POST',
      url: '/__mock/voip/integrations',
      payload: { ...INTEGRATION, enabled: true },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toEqual({
      success: true,
      data: { ...INTEGRATION, enabled: true, application_id: null },
      meta: [],
    })
    const waiting = app.inject({
      method: 'POST',
      url: '/__mock/voip/notifications/wait',
      payload: { location_id: LOCATION, count: 1, timeout_ms: 5000 },
    })
    await app.inject(incoming())
    const waited = await waiting
    expect(waited.statusCode).toBe(200)
    expect(waited.json().data.map((n: { id: number }) => n.id)).toEqual([1])
    const timedOut = await app.inject({
      method: 'POST',
      url: '/__mock/voip/notifications/wait',
      payload: { location_id: LOCATION, after_id: 1, timeout_ms: 10 },
    })
    expect(timedOut.statusCode).toBe(408)
    expect(timedOut.json()).toEqual(
      failure(
        'Timed out: waited 10 ms for 1 notifications (location 123, after id 1); 0 arrived. GET /__mock/voip/notifications shows what arrived.',
      ),
    )
    await app.inject(history())
    expect(
      (await app.inject({ method: 'DELETE', url: `/__mock/locations/${LOCATION}` })).statusCode,
    ).toBe(200)
    expect(store.get('voip_calls', String(LOCATION))).toBeUndefined()
    expect(store.get('voip_integrations', TOKEN)).toBeUndefined()
    expect(
      (await app.inject({ method: 'GET', url: '/__mock/voip/notifications' })).json().data,
    ).toEqual([])
  })

  it('a snapshot restore empties the pop-ups and ends their waits, as a reset does', async () => {
    const { app } = await voipApp()
    await app.inject({ method: 'POST', url: '/__mock/snapshots', payload: { name: 'before' } })
    await app.inject(setup('enable'))
    await app.inject(incoming())
    const waiting = app.inject({
      method: 'POST',
      url: '/__mock/voip/notifications/wait',
      payload: { location_id: LOCATION, after_id: 1, timeout_ms: 5000 },
    })
    await expect.poll(() => app.mock.voip.notifications.waiting).toBe(1)
    await app.inject({ method: 'POST', url: '/__mock/snapshots/before/restore' })
    const ended = await waiting
    expect(ended.statusCode).toBe(409)
    expect(ended.json()).toEqual(failure('Wait ended: the mock was reset.'))
    expect(
      (await app.inject({ method: 'GET', url: '/__mock/voip/notifications' })).json().data,
    ).toEqual([])
  })

  it('a global reset registers the start tokens again', async () => {
    const { app, store } = await voipApp()
    await app.inject(setup('enable'))
    await app.inject({ method: 'POST', url: '/__mock/reset' })
    expect(store.get('voip_integrations', TOKEN)).toEqual({
      ...INTEGRATION,
      enabled: false,
      application_id: null,
    })
  })
})
