import type { StoredApplication } from '../../schemas/marketplace/application.js'
import type { CallbackPayload, LifecycleBody } from '../../schemas/marketplace/control-routes.js'
import type { StoredInstallation } from '../../schemas/marketplace/installation.js'
import { paymentPayload } from './lifecycle.js'
import type { Callback, Marketplace } from './marketplace.js'
import { addMonths, wireTime } from './time.js'

/** What a lifecycle trigger did: the installation after it, and its callback. */
export interface LifecycleResult {
  installation: StoredInstallation
  /** The callback's delivery (null when refused by the bounds or without a callback_url). */
  delivery_id: number | null
  skipped: string | null
  /** What the callback POSTs (or would have, when nothing was sent). */
  payload: CallbackPayload
}

/**
 * What the platform does on its own, which no partner route can ask for:
 * the owner uninstalls, the paid period expires (freeze), the owner pays
 * through Altegio (payment). Each changes the state as the state machine
 * allows, then POSTs its callback.
 */
export async function triggerLifecycle(
  marketplace: Marketplace,
  locationId: number,
  applicationId: number,
  body: LifecycleBody,
): Promise<LifecycleResult> {
  let done: { installation: StoredInstallation; callback?: Callback | undefined }
  if (body.event === 'uninstall')
    done = await marketplace.uninstall(locationId, applicationId, 'marketplace')
  else if (body.event === 'freeze') done = await marketplace.freeze(locationId, applicationId)
  else done = await pay(marketplace, locationId, applicationId, body)
  const callback = done.callback as Callback
  return { installation: done.installation, ...callback }
}

/** A payment through Altegio: by default the first tariff option's price, for its months from now. */
function pay(
  marketplace: Marketplace,
  locationId: number,
  applicationId: number,
  body: LifecycleBody,
) {
  const option = firstOption(marketplace.application(applicationId))
  const now = marketplace.now
  const discount =
    body.discount !== undefined
      ? body.discount
      : (marketplace.installation(locationId, applicationId)?.discount ?? null)
  const tariffOptionId =
    body.tariff_option_id !== undefined ? body.tariff_option_id : (option?.id ?? null)
  const payment = {
    payment_sum: body.amount ?? option?.overall_price ?? 0,
    currency_iso: body.currency_iso ?? option?.currency_iso ?? 'USD',
    payment_date: wireTime(now),
    period_from: body.period_from ?? wireTime(now),
    period_to:
      body.period_to ?? wireTime(addMonths(now, Math.max(1, option?.duration_in_months ?? 1))),
  }
  return marketplace.pay(payment, locationId, applicationId, 'billing', (application, paid) =>
    paymentPayload(application, locationId, paid, { discount, tariff_option_id: tariffOptionId }),
  )
}

function firstOption(application: StoredApplication | undefined) {
  return application?.tariffs.flatMap((tariff) => tariff.options)[0]
}
