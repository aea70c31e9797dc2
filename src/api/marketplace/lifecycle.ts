import type { LifecycleEvent } from '../../schemas/event.js'
import type { StoredApplication } from '../../schemas/marketplace/application.js'
import type { CallbackPayload } from '../../schemas/marketplace/control-routes.js'
import type { Payment } from '../../schemas/marketplace/installation.js'
import { signPayment } from './signing.js'

/**
 * What the platform POSTs to an application's callback_url (marketplace contract,
 * section 9): the documented four fields for every event.
 */
export function lifecyclePayload(
  application: StoredApplication,
  locationId: number,
  event: LifecycleEvent,
): CallbackPayload {
  return {
    salon_id: locationId,
    application_id: application.application_id,
    event,
    partner_token: application.partner_token,
  }
}

/**
 * A payment event: the four fields, the payment and its period, and `sign`.
 * The field set and the sign are the Hub MCP validator's (marketplace contract, U1): no
 * public document shows them.
 */
export function paymentPayload(
  application: StoredApplication,
  locationId: number,
  payment: Payment,
  extras: { discount: number | null; tariff_option_id: number | null },
): CallbackPayload {
  return {
    ...lifecyclePayload(application, locationId, 'payment'),
    payment_id: payment.id,
    amount: payment.payment_sum,
    currency_iso: payment.currency_iso,
    discount: extras.discount,
    period_from: payment.period_from,
    period_to: payment.period_to,
    payment_date: payment.payment_date,
    tariff_option_id: extras.tariff_option_id,
    sign: signPayment(application.partner_token, locationId, payment.payment_sum, extras.discount),
  }
}
