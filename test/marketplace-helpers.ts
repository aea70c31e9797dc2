import type { FastifyInstance } from 'fastify'
import type { WebhookRequest } from '../src/deliveries/webhook-client.js'
import type { ApplicationInput } from '../src/schemas/marketplace/application.js'
import { testApp, V2 } from './helpers.js'

export const PARTNER = 'partner-7'
/** A partner-only call (BearerPartner). */
export const PARTNER_HEADERS = { authorization: `Bearer ${PARTNER}`, accept: V2 }
/** The owner's call (BearerPartnerUser). */
export const OWNER_HEADERS = { authorization: `Bearer ${PARTNER}, User owner-token`, accept: V2 }

export const TARIFF = {
  id: 89,
  title: '1 month',
  options: [
    {
      id: 123,
      title: 'Solo professional',
      overall_price: 500,
      duration_in_months: 1,
      currency_iso: 'USD',
      staff_amount: 1,
      free_period_in_months: 0,
    },
  ],
}

export const APPLICATION = {
  application_id: 7,
  partner_token: PARTNER,
  callback_url: 'https://partner.example/altegio/callback',
  registration_redirect_url: 'https://partner.example/altegio/register',
  tariffs: [TARIFF],
} satisfies ApplicationInput

/** The application as the mock keeps and answers it, defaults filled. */
export const STORED_APPLICATION = {
  ...APPLICATION,
  category: 'other',
  is_personal_data_access_needed: false,
  user_data_sign_input: 'decoded_json',
  user_data_shape: 'production',
  webhook_entities: [
    'salon',
    'service_category',
    'service',
    'good',
    'master',
    'client',
    'record',
    'goods_operations_sale',
    'goods_operations_receipt',
    'goods_operations_consumable',
    'goods_operations_stolen',
    'goods_operations_move',
    'finances_operation',
  ],
}

export const START = new Date('2026-05-01T10:00:00.000Z')
export const START_WIRE = '2026-05-01 10:00:00'

/** A mock clock a test moves forward. */
export function testClock(start = START) {
  let now = start.getTime()
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms
    },
  }
}

/**
 * An app on a test clock whose deliveries go to a recording fake answering
 * `status`, with application 7 registered.
 */
export async function marketplaceApp(status = 200, options: Record<string, unknown> = {}) {
  const sent: WebhookRequest[] = []
  const clock = testClock()
  const { app, store } = await testApp({
    now: clock.now,
    webhookClient: async (request) => {
      sent.push(request)
      return { statusCode: status }
    },
    deliveryRetryDelayMs: 1,
    applications: [APPLICATION],
    ...options,
  })
  return { app, store, sent, clock }
}

/** The owner grants, then the partner activates with `urls`: an active installation. */
export async function install(app: FastifyInstance, locationId: number, urls: string[]) {
  const grant = await app.inject({
    method: 'POST',
    url: `/api/v1/company/${locationId}/marketplace/applications/7/grant_access`,
    headers: OWNER_HEADERS,
  })
  if (grant.statusCode !== 200) throw new Error(`grant: ${grant.body}`)
  const callback = await app.inject({
    method: 'POST',
    url: '/marketplace/partner/callback',
    headers: PARTNER_HEADERS,
    payload: { salon_id: locationId, application_id: 7, api_key: 'key', webhook_urls: urls },
  })
  if (callback.statusCode !== 201) throw new Error(`callback: ${callback.body}`)
}

export const invalid = (errors: Record<string, string[]>) => ({
  success: false,
  data: null,
  meta: { message: 'An error has occurred.', errors },
})

export const failure = (message: string) => ({ success: false, data: null, meta: { message } })
