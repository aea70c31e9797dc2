import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { validationFailed } from '../../http/errors.js'
import { warn } from '../../http/warnings.js'
import { ok, SuccessEnvelope } from '../../schemas/envelope.js'
import {
  DiscountAnswerData,
  DiscountBody,
  PaymentAnswerData,
  PaymentBody,
  PaymentLinkData,
  PaymentLinkQuery,
  PaymentParams,
  RefundAnswer,
  TariffsData,
} from '../../schemas/marketplace/billing-routes.js'
import { AppParams } from '../../schemas/marketplace/route-parts.js'
import { answers } from '../../schemas/responses.js'
import { answering, MARKETPLACE_MESSAGES } from './errors.js'
import { PARTNER_ROUTE } from './guarded.js'
import type { MarketplaceRefusal } from './marketplace.js'
import { noBody } from './no-body.js'
import { ownedApplication, partnerToken } from './partner-auth.js'
import type { PartnerRoutesOptions } from './partner-options.js'
import { signQuery } from './signing.js'

/** Where a payment link sends the owner, as the documented sample shows it. */
const PAYMENT_PAGE = 'https://alteg.io/appstore/payment/'

// Payments document 401, 403 and 422 only: every refusal is a 422 naming the field.
const asValidation = (refusal: MarketplaceRefusal) =>
  validationFailed({ [refusal.field]: [refusal.message] })

/** Payment, refund, tariffs, payment link and discounts (marketplace contract, section 6). */
export const billingRoutes: FastifyPluginAsyncTypebox<PartnerRoutesOptions> = async (
  app,
  { marketplace, auth },
) => {
  app.post(
    '/marketplace/partner/payment',
    {
      schema: {
        summary: 'Record a payment the partner received; a frozen installation becomes active',
        ...PARTNER_ROUTE,
        body: PaymentBody,
        response: answers(200, SuccessEnvelope(PaymentAnswerData)),
      },
    },
    async (request) => {
      const { salon_id, application_id, currency_iso, payment_sum } = request.body
      // The payment's own fields only: others the body may carry are not stored.
      const { payment_date, period_from, period_to } = request.body
      const payment = { currency_iso, payment_sum, payment_date, period_from, period_to }
      ownedApplication(marketplace, application_id, partnerToken(request, auth))
      const paid = await answering(
        marketplace.pay(payment, salon_id, application_id, 'partner_api'),
        asValidation,
      )
      return ok({ id: paid.payment.id })
    },
  )

  app.post(
    '/marketplace/partner/payment/refund/:payment_id',
    {
      onRequest: noBody,
      schema: {
        summary: 'Mark a payment refunded',
        ...PARTNER_ROUTE,
        params: PaymentParams,
        response: answers(200, RefundAnswer),
      },
    },
    async (request) => {
      const id = Number(request.params.payment_id)
      const found = marketplace.findPayment(id)
      if (!found) {
        throw validationFailed({
          payment_id: [
            `there is no payment ${id}: send the id POST /marketplace/partner/payment answered.`,
          ],
        })
      }
      ownedApplication(marketplace, found.installation.application_id, partnerToken(request, auth))
      await answering(marketplace.refund(id), asValidation)
      // 200 "Refund confirmed"; its body is unpublished (marketplace contract, U6).
      return ok(null)
    },
  )

  app.get(
    '/marketplace/application/:application_id/tariffs',
    {
      schema: {
        summary: "The application's tariffs",
        ...PARTNER_ROUTE,
        params: AppParams,
        response: answers(200, SuccessEnvelope(TariffsData)),
      },
    },
    async (request) => {
      const application = ownedApplication(
        marketplace,
        Number(request.params.application_id),
        partnerToken(request, auth),
      )
      return ok(application.tariffs)
    },
  )

  app.get(
    '/marketplace/application/payment_link',
    {
      schema: {
        summary: 'A link where the owner pays for the application',
        ...PARTNER_ROUTE,
        querystring: PaymentLinkQuery,
        response: answers(200, SuccessEnvelope(PaymentLinkData)),
      },
    },
    async (request) => {
      const { salon_id, application_id, discount, tariff_option_id } = request.query
      const application = ownedApplication(
        marketplace,
        Number(application_id),
        partnerToken(request, auth),
      )
      const stored = marketplace.installation(Number(salon_id), Number(application_id))?.discount
      const query = new URLSearchParams({ salon_id, application_id })
      const percent = discount === undefined ? stored : Number(discount)
      if (percent !== undefined && percent !== null) query.set('discount', String(percent))
      if (tariff_option_id !== undefined) query.set('tariff_option_id', tariff_option_id)
      query.set('source', 'api')
      query.set('sign', signQuery(application.partner_token, query.toString()))
      return ok({ url: `${PAYMENT_PAGE}?${query}` })
    },
  )

  app.post(
    '/marketplace/application/add_discount',
    {
      schema: {
        summary: 'Set a discount for locations (0 to 100)',
        ...PARTNER_ROUTE,
        body: DiscountBody,
        response: answers(200, SuccessEnvelope(DiscountAnswerData)),
      },
    },
    async (request) => {
      const { salon_ids, application_id, discount } = request.body
      ownedApplication(
        marketplace,
        application_id,
        partnerToken(request, auth),
        MARKETPLACE_MESSAGES.noAccess,
      )
      const ignored = await answering(
        marketplace.addDiscount(salon_ids, application_id, discount),
        asValidation,
      )
      // Production's answer for such ids is undocumented; the mock's choice is a 200 that says so.
      if (ignored.length > 0) {
        warn(
          request,
          'discount-not-installed',
          `application ${application_id} was never installed at location${ignored.length > 1 ? 's' : ''} ${ignored.join(', ')}: their discount was ignored (the mock keeps discounts with installations; grant the app there first)`,
        )
      }
      return ok({})
    },
  )
}
