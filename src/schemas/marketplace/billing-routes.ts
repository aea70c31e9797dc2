import { SuccessEnvelope } from '../envelope.js'
import { MAX_ID, POSITIVE_ID } from '../ids.js'
import { rule, type Static, Type } from '../typebox.js'
import { Tariff } from './application.js'
import {
  AnswerId,
  App,
  EmptyObject,
  Nothing,
  Percent,
  QueryId,
  Salon,
  Time,
} from './route-parts.js'
import { Amount, CurrencyIso } from './values.js'

// Payment, refund, tariffs, payment link and discounts (marketplace contract,
// section 6). Bodies the sources do not publish (marketplace contract, U6) are
// the mock's, and say so.

/** POST /marketplace/partner/payment (marketplace contract, section 6). */
export const PaymentBody = Type.Object(
  {
    salon_id: Salon,
    application_id: App,
    currency_iso: CurrencyIso('e.g. USD, EUR.'),
    payment_sum: Amount('The amount.'),
    payment_date: Time('When it was paid.'),
    period_from: Time('Start of the paid period (inclusive).'),
    period_to: Time('End of the paid period (inclusive).'),
  },
  {
    ...rule(
      'must be {"salon_id", "application_id", "currency_iso", "payment_sum", "payment_date", "period_from", "period_to"}',
    ),
  },
)
export type PaymentBody = Static<typeof PaymentBody>

/** POST /marketplace/application/add_discount (marketplace contract, section 6). */
export const DiscountBody = Type.Object(
  {
    salon_ids: Type.Array(Salon, {
      minItems: 1,
      maxItems: 1000,
      uniqueItems: true,
      ...rule('must be a list of 1 to 1000 distinct location ids'),
    }),
    application_id: App,
    discount: Percent('Discount in percent.'),
  },
  { ...rule('must be {"salon_ids": [...], "application_id", "discount"}') },
)
export type DiscountBody = Static<typeof DiscountBody>

/** GET /marketplace/application/payment_link?salon_id=&application_id=&discount= (marketplace contract, section 6). */
export const PaymentLinkQuery = Type.Object({
  salon_id: QueryId('Location id.', 'salon_id=123'),
  application_id: QueryId('Application id.', 'application_id=7', 'the application id'),
  discount: Type.Optional(
    Type.String({
      pattern: '^(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?)$',
      ...rule('must be a number from 0 to 100, e.g. 15.5'),
    }),
  ),
  tariff_option_id: Type.Optional(
    QueryId('Tariff option (the Hub MCP sends one).', 'tariff_option_id=9', 'the tariff option id'),
  ),
})

export const PaymentParams = Type.Object({
  payment_id: Type.String({
    pattern: POSITIVE_ID.source,
    ...rule(`must be a payment id, a positive integer up to ${MAX_ID}`),
  }),
})

export const PaymentAnswerData = Type.Object(
  { id: AnswerId('The payment id: what POST /marketplace/partner/payment/refund/{id} takes.') },
  { description: 'The recorded payment.' },
)

/** 200 "Refund confirmed": the envelope, empty (U6). */
export const RefundAnswer = SuccessEnvelope(
  Nothing('Always null: "Refund confirmed" has no published body (U6).'),
)

export const TariffsData = Type.Array(Tariff, {
  description: "The application's tariffs, as registered with the mock.",
})

export const PaymentLinkData = Type.Object({
  url: Type.String({
    format: 'uri',
    description:
      "https://alteg.io/appstore/payment/ with salon_id, application_id, discount (asked for, else the one add_discount set), tariff_option_id (when sent), source=api and sign (the mock's: HMAC-SHA256 of the query before it, keyed by the partner token, U12).",
  }),
})

export const DiscountAnswerData = EmptyObject('Always {}.')
