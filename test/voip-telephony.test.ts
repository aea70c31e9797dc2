import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir, V2 } from './helpers.js'
import { incoming, setup, voipApp } from './voip-helpers.js'

describe('a telephony application installed through the marketplace', () => {
  const TELEPHONY = {
    application_id: 9,
    partner_token: 'partner-token',
    category: 'telephony',
    registration_redirect_url: 'https://partner.example/register',
  }
  const grant = (locationId: number, applicationId = 9) => ({
    method: 'POST' as const,
    url: `/api/v1/company/${locationId}/marketplace/applications/${applicationId}/grant_access`,
    headers: { authorization: 'Bearer partner-token, User owner-token', accept: V2 },
  })

  it("gets a CRM token per location at the owner's grant, the same every run, disabled until setup", async () => {
    const file = join(await tempDir(), 'db.json')
    const { app, store } = await voipApp({
      file,
      voipIntegrations: [],
      applications: [TELEPHONY, { ...TELEPHONY, application_id: 10, category: 'analytics' }],
    })
    for (const request of [grant(123), grant(124), grant(123), grant(123, 10)]) {
      expect((await app.inject(request)).statusCode).toBe(200)
    }
    const listed = await app.inject({ method: 'GET', url: '/__mock/voip/integrations' })
    const tokens = listed.json().data as { crm_token: string }[]
    expect(listed.json()).toEqual({
      success: true,
      data: [
        {
          crm_token: tokens[0]?.crm_token,
          routes: [{ location_id: 123 }],
          enabled: false,
          application_id: 9,
        },
        {
          crm_token: tokens[1]?.crm_token,
          routes: [{ location_id: 124 }],
          enabled: false,
          application_id: 9,
        },
      ],
      meta: { count: 2 },
    })
    const again = await voipApp({
      voipIntegrations: [],
      applications: [TELEPHONY],
    })
    await again.app.inject(grant(123))
    const other = await again.app.inject({ method: 'GET', url: '/__mock/voip/integrations' })
    expect(other.json().data[0].crm_token).toBe(tokens[0]?.crm_token)
    // The token takes any call at its location once enabled.
    const token = tokens[0]?.crm_token as string
    expect((await app.inject(setup('enable', token))).statusCode).toBe(202)
    const shown = await app.inject(incoming({ crm_token: token, diversion: '1' }))
    expect(shown.statusCode).toBe(202)
    expect(shown.headers['x-mock-warnings']).toBeUndefined()
    await store.close()
    const onDisk = JSON.parse(await readFile(file, 'utf8'))
    expect(Object.values(onDisk.voip_integrations)).toEqual([
      { crm_token: token, routes: [{ location_id: 123 }], enabled: true, application_id: 9 },
      {
        crm_token: tokens[1]?.crm_token,
        routes: [{ location_id: 124 }],
        enabled: false,
        application_id: 9,
      },
    ])
  })

  it("a location's reset forgets its token", async () => {
    const { app } = await voipApp({
      voipIntegrations: [],
      applications: [TELEPHONY],
    })
    await app.inject(grant(123))
    expect(
      (await app.inject({ method: 'GET', url: '/__mock/voip/integrations' })).json().meta,
    ).toEqual({ count: 1 })
    await app.inject({ method: 'DELETE', url: '/__mock/locations/123' })
    const listed = await app.inject({ method: 'GET', url: '/__mock/voip/integrations' })
    expect(listed.json()).toEqual({ success: true, data: [], meta: { count: 0 } })
  })
})
