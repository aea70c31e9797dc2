import { LIFECYCLE_EVENTS } from './event.js'
import { MAX_URLS, WebhookUrl } from './hook-settings.js'
import { Id, IdString, rule, type Static, StringEnum, Type } from './typebox.js'

/** Bodies, queries and params of the marketplace routes (docs/marketplace-contract.md). */

const WIRE_TIME = '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$'
const Time = (description: string) =>
  Type.String({
    pattern: WIRE_TIME,
    description,
    ...rule('must be a time as "YYYY-MM-DD HH:MM:SS", e.g. "2026-01-01 10:10:00"'),
  })
const Percent = (description: string) =>
  Type.Number({ minimum: 0, maximum: 100, description, ...rule('must be a number from 0 to 100') })
const Salon = Id('Location id.', 'the location id')
const App = Id('Application id.', 'the application id')

/** POST /marketplace/partner/callback: the partner activates a pending link (marketplace contract, section 2). */
export const CallbackBody = Type.Object(
  {
    salon_id: Salon,
    application_id: App,
    // Documented as a number, exampled as a UUID string (marketplace contract, D3): both are taken.
    api_key: Type.Optional(
      Type.Union([Type.String({ maxLength: 1024 }), Type.Number()], {
        description: 'API key for the messaging module.',
        ...rule('must be a text (or a number)'),
      }),
    ),
    webhook_urls: Type.Optional(
      Type.Array(WebhookUrl, {
        maxItems: MAX_URLS,
        uniqueItems: true,
        description: `Installed with the application's entity set: at most ${MAX_URLS} unique URLs.`,
        ...rule(
          `must be a list of at most ${MAX_URLS} unique webhook URLs, e.g. ["https://example.com/webhook"]`,
        ),
      }),
    ),
    chat_url: Type.Optional(WebhookUrl),
  },
  { ...rule('must be {"salon_id", "application_id", "api_key", "webhook_urls": [...]}') },
)
export type CallbackBody = Static<typeof CallbackBody>

/** POST /marketplace/partner/payment (marketplace contract, section 6). */
export const PaymentBody = Type.Object(
  {
    salon_id: Salon,
    application_id: App,
    currency_iso: Type.String({
      pattern: '^[A-Z]{3}$',
      description: 'e.g. USD, EUR.',
      ...rule('must be an ISO currency code of three capital letters, e.g. "EUR"'),
    }),
    payment_sum: Type.Number({
      minimum: 0,
      description: 'The amount.',
      ...rule('must be a number from 0'),
    }),
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

const QueryId = (description: string, example: string) =>
  Type.String({
    pattern: '^[1-9][0-9]{0,14}$',
    description,
    ...rule(`must be a positive integer, e.g. ${example}`),
  })

/** GET /marketplace/application/payment_link?salon_id=&application_id=&discount= (marketplace contract, section 6). */
export const PaymentLinkQuery = Type.Object({
  salon_id: QueryId('Location id.', 'salon_id=123'),
  application_id: QueryId('Application id.', 'application_id=7'),
  discount: Type.Optional(
    Type.String({
      pattern: '^(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?)$',
      ...rule('must be a number from 0 to 100, e.g. 15.5'),
    }),
  ),
  tariff_option_id: Type.Optional(
    QueryId('Tariff option (the Hub MCP sends one).', 'tariff_option_id=9'),
  ),
})

/** GET /marketplace/application/{application_id}/salons?page=&count= (marketplace contract, section 4). */
export const SalonsQuery = Type.Object({
  page: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,6}$',
      ...rule('must be a page number from 0 (0 and 1 are the first)'),
    }),
  ),
  count: Type.Optional(
    Type.String({
      pattern: '^([1-9][0-9]{0,2}|1000)$',
      ...rule('must be an integer from 1 to 1000'),
    }),
  ),
})

export const AppParams = Type.Object({
  application_id: IdString('The application id.', '/application/7'),
})
export const LinkParams = Type.Object({
  location_id: IdString('The location id.', '/salon/123/application/7'),
  application_id: IdString('The application id.', '/salon/123/application/7'),
})
export const PaymentParams = Type.Object({
  payment_id: Type.String({
    pattern: '^[1-9][0-9]{0,14}$',
    ...rule('must be a payment id, a positive integer'),
  }),
})

/** The owner as user_data carries them (marketplace contract, section 1). */
export const GrantUser = Type.Object(
  {
    user_id: Id('The owner user id.', 'the user id'),
    name: Type.String({ maxLength: 255, ...rule('must be a text of at most 255 characters') }),
    email: Type.String({ maxLength: 255, ...rule('must be a text of at most 255 characters') }),
    phone: Type.String({
      pattern: '^[0-9]{0,20}$',
      ...rule('must be digits without "+", e.g. "79990009900"'),
    }),
  },
  { additionalProperties: false, ...rule('must be {"user_id", "name", "email", "phone"}') },
)
export type GrantUser = Static<typeof GrantUser>

/** POST /__mock/locations/{id}/applications/{id}/grant: "the owner clicked Connect". */
export const GrantBody = Type.Object(
  { user: Type.Optional(GrantUser) },
  {
    additionalProperties: false,
    ...rule('must be {} or {"user": {"user_id", "name", "email", "phone"}}'),
  },
)

/** POST /__mock/locations/{id}/applications/{id}/events: what the platform does on its own. */
export const LifecycleBody = Type.Object(
  {
    event: StringEnum(LIFECYCLE_EVENTS, {
      description:
        'uninstall: the owner disabled it; freeze: the paid period expired; payment: the owner paid through Altegio.',
      ...rule(`must be one of ${LIFECYCLE_EVENTS.join(', ')}`),
    }),
    amount: Type.Optional(Type.Number({ minimum: 0, ...rule('must be a number from 0') })),
    currency_iso: Type.Optional(
      Type.String({ pattern: '^[A-Z]{3}$', ...rule('must be three capital letters, e.g. "USD"') }),
    ),
    discount: Type.Optional(Type.Union([Percent('Discount in percent.'), Type.Null()])),
    tariff_option_id: Type.Optional(
      Type.Union([Id('Tariff option.', 'the tariff option id'), Type.Null()]),
    ),
    period_from: Type.Optional(Time('Start of the paid period.')),
    period_to: Type.Optional(Time('End of the paid period.')),
  },
  {
    additionalProperties: false,
    ...rule('must be {"event": "uninstall" | "freeze" | "payment", ...payment fields}'),
  },
)
export type LifecycleBody = Static<typeof LifecycleBody>
