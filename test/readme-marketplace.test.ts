// docs/marketplace.md shows this file as it is; test/readme.test.ts keeps them equal.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AltegioMock, startAltegioMock } from 'altegio-hooks-mock'
import { afterAll, beforeAll, expect, it } from 'vitest'

const PARTNER_TOKEN = 'partner-token'
let mock: AltegioMock
let partner: string // the integration's own base URL
const webhooks: unknown[] = []
const lifecycle: unknown[] = []

// The integration: its registration page, its webhook receiver, its lifecycle callback.
const integration = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', partner)
  let body = ''
  for await (const chunk of req) body += chunk
  if (url.pathname === '/register') {
    // Verify user_data_sign as Altegio's support article does: HMAC-SHA256 of the decoded JSON.
    const userData = Buffer.from(url.searchParams.get('user_data') ?? '', 'base64')
    const expected = createHmac('sha256', PARTNER_TOKEN).update(userData).digest()
    const sign = Buffer.from(url.searchParams.get('user_data_sign') ?? '', 'hex')
    if (sign.length !== expected.length || !timingSafeEqual(sign, expected)) {
      return res.writeHead(403).end()
    }
    // Activate the installation for this location (app.alteg.io's partner callback).
    const activated = await fetch(`${mock.url}/marketplace/partner/callback`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${PARTNER_TOKEN}`,
        Accept: 'application/vnd.api.v2+json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        salon_id: Number(url.searchParams.get('salon_id')),
        application_id: 7,
        api_key: 'the-messaging-key',
        webhook_urls: [`${partner}/webhooks`],
      }),
    })
    return res.writeHead(activated.status === 201 ? 200 : 502).end()
  }
  if (url.pathname === '/webhooks') webhooks.push(JSON.parse(body))
  if (url.pathname === '/lifecycle') lifecycle.push(JSON.parse(body))
  res.writeHead(200).end()
})

beforeAll(async () => {
  await new Promise<void>((resolve) => integration.listen(0, '127.0.0.1', resolve))
  partner = `http://127.0.0.1:${(integration.address() as AddressInfo).port}`
  mock = await startAltegioMock({
    applications: [
      {
        application_id: 7,
        partner_token: PARTNER_TOKEN,
        callback_url: `${partner}/lifecycle`,
        registration_redirect_url: `${partner}/register`,
        is_personal_data_access_needed: true,
      },
    ],
  })
})
afterAll(async () => {
  await mock.close()
  integration.close()
})

it('installs, freezes, unfreezes by a payment and uninstalls an application', async () => {
  const partnerApi = {
    Authorization: `Bearer ${PARTNER_TOKEN}`,
    Accept: 'application/vnd.api.v2+json',
    'Content-Type': 'application/json',
  }
  const status = async () => {
    const res = await fetch(`${mock.url}/marketplace/salon/123/application/7`, {
      headers: partnerApi,
    })
    const body = (await res.json()) as { data: { connection_status: { status: string } } }
    return body.data.connection_status.status
  }

  // The owner of location 123 clicks Connect; the browser opens the registration page.
  const { redirect_url } = await mock.marketplace.grant(123, 7)
  expect((await fetch(redirect_url as string)).status).toBe(200)
  expect(await status()).toBe('active')

  // The activation installed the integration's URL: entity webhooks arrive there.
  const { delivery_ids } = await mock.trigger(123, {
    resource: 'record',
    status: 'create',
    resource_id: 456,
  })
  await mock.deliveries.waitFor({ delivery_ids })
  expect(webhooks).toEqual([expect.objectContaining({ company_id: 123, resource: 'record' })])

  // The paid period runs out: the installation freezes and the integration is told.
  const freeze = await mock.marketplace.trigger(123, 7, 'freeze')
  await mock.deliveries.waitFor({ delivery_ids: [freeze.delivery_id as number] })
  expect(await status()).toBe('freezed')

  // The integration reports a payment: the installation is active again.
  const paid = await fetch(`${mock.url}/marketplace/partner/payment`, {
    method: 'POST',
    headers: partnerApi,
    body: JSON.stringify({
      salon_id: 123,
      application_id: 7,
      currency_iso: 'USD',
      payment_sum: 500,
      payment_date: '2026-05-01 10:00:00',
      period_from: '2026-05-01 10:00:00',
      period_to: '2026-06-01 10:00:00',
    }),
  })
  expect(paid.status).toBe(200)
  expect(await status()).toBe('active')

  // The owner disables it: the integration hears it, and its URL is gone.
  const uninstall = await mock.marketplace.trigger(123, 7, 'uninstall')
  await mock.deliveries.waitFor({ delivery_ids: [uninstall.delivery_id as number] })
  expect(lifecycle).toEqual([
    { salon_id: 123, application_id: 7, event: 'freeze', partner_token: PARTNER_TOKEN },
    { salon_id: 123, application_id: 7, event: 'uninstall', partner_token: PARTNER_TOKEN },
  ])
  expect((await mock.settings(123)).urls).toEqual([''])
})
