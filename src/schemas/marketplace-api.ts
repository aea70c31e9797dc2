import { CompanyEntity } from './entities/company.js'
import { MetaEnvelope, SuccessEnvelope } from './envelope.js'
import { LIFECYCLE_EVENTS } from './event.js'
import { MAX_URLS, WebhookUrl } from './hook-settings.js'
import { StoredApplication, Tariff } from './marketplace/application.js'
import { InstallationLog, StoredInstallation, WireTime } from './marketplace/installation.js'
import { Id, IdString, rule, type Static, StringEnum, Type } from './typebox.js'

/** Bodies, queries, params and answers of the marketplace routes (docs/marketplace-contract.md). */

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

/*
 * Answers. The Altegio routes' first, then the /__mock routes'. Bodies the
 * sources do not publish (marketplace contract, U6) are the mock's, and say so.
 */

const AnswerId = (description: string) => Type.Integer({ minimum: 1, description })
const Nothing = (description: string) => Type.Null({ description })
/** `{}`, exactly. */
const EmptyObject = (description: string) =>
  Type.Object({}, { additionalProperties: false, description })

/** `data` of the owner's grant (grant_access): unpublished, the mock's (marketplace contract, section 1). */
export const GrantAccessData = Type.Object(
  {
    salon_id: AnswerId('The location granted.'),
    application_id: AnswerId('The application granted.'),
    status: Type.Literal('pending', {
      description: 'Always pending: the partner callback activates it within 12 hours.',
    }),
    redirect_url: Type.Union([Type.String({ format: 'uri' }), Type.Null()], {
      description:
        "The application's registration page with salon_id (and user_data, user_data_sign when it asks for personal data), where the owner's browser goes next; null when the application has no registration_redirect_url.",
    }),
  },
  {
    description: "The pending installation and the registration URL (the body is the mock's: U6).",
  },
)

/** 201 of the partner callback: the envelope, empty (marketplace contract, U6). */
export const CallbackAnswer = SuccessEnvelope(
  Nothing('Always null: "All parameters installed" has no published body (U6).'),
)

const ConnectionStatus = Type.Object(
  {
    status: StringEnum(['pending', 'active', 'freezed'] as const, {
      description: 'pending (granted, not yet activated), active, or freezed (paid period over).',
    }),
    created_at: Type.String({
      pattern: WireTime.pattern,
      description: 'When the owner granted access last: "YYYY-MM-DD HH:MM:SS", UTC.',
    }),
  },
  { description: "The installation's status now." },
)

/** A payment as the status route shows it: without currency_iso and source, as the sample. */
export const StatusPayment = Type.Object({
  id: AnswerId('The payment id (what the refund route takes).'),
  payment_sum: Type.Number({ minimum: 0, description: 'The amount.' }),
  payment_date: Type.String({ description: 'When it was paid: "YYYY-MM-DD HH:MM:SS".' }),
  is_refunded: Type.Boolean({ description: 'true once the partner refunded it.' }),
  period_from: Type.String({ description: 'Start of the paid period: "YYYY-MM-DD HH:MM:SS".' }),
  period_to: Type.String({ description: 'End of the paid period: "YYYY-MM-DD HH:MM:SS".' }),
})

/** `data` of GET /marketplace/salon/{location_id}/application/{application_id} (marketplace contract, sections 3 to 5). */
export const InstallationStatusData = Type.Object(
  {
    logs: Type.Array(InstallationLog, {
      description: 'Every transition, oldest first (the mock keeps the last 100).',
    }),
    payments: Type.Array(StatusPayment, { description: 'Every payment recorded, oldest first.' }),
    connection_status: ConnectionStatus,
  },
  { description: 'logs, payments and connection_status, in the order of the documented sample.' },
)
export type InstallationStatusData = Static<typeof InstallationStatusData>

/** `data` of the salons list: each location as the mock's company webhooks show it. */
export const SalonsData = Type.Array(CompanyEntity, {
  description:
    'Locations where the application is active or frozen (U9), a page of them, in the order they were first granted; each as the company webhooks show it (the same seeded entity).',
})

/** 200 of uninstall: `meta` is an object here, as the REDOC sample. */
export const UninstallAnswer = MetaEnvelope(
  Nothing('Always null.'),
  EmptyObject('Always {} (an object, not [] as elsewhere: the REDOC sample).'),
)

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

/** What a lifecycle callback POSTs to the application's callback_url (marketplace contract, section 9). */
export const CallbackPayload = Type.Object(
  {
    salon_id: AnswerId('The location.'),
    application_id: AnswerId('The application.'),
    event: StringEnum(LIFECYCLE_EVENTS, { description: 'uninstall, freeze or payment.' }),
    partner_token: Type.String({ description: "The application's partner token." }),
    payment_id: Type.Optional(AnswerId('payment only: the payment id.')),
    amount: Type.Optional(Type.Number({ minimum: 0, description: 'payment only: the amount.' })),
    currency_iso: Type.Optional(Type.String({ description: 'payment only: e.g. USD.' })),
    discount: Type.Optional(
      Type.Union([Type.Number(), Type.Null()], {
        description: 'payment only: the discount in percent, or null.',
      }),
    ),
    period_from: Type.Optional(
      Type.String({ description: 'payment only: start of the paid period.' }),
    ),
    period_to: Type.Optional(Type.String({ description: 'payment only: end of the paid period.' })),
    payment_date: Type.Optional(Type.String({ description: 'payment only: when it was paid.' })),
    tariff_option_id: Type.Optional(
      Type.Union([Type.Integer(), Type.Null()], {
        description: 'payment only: the tariff option paid for, or null.',
      }),
    ),
    sign: Type.Optional(
      Type.String({
        description:
          'payment only: HMAC-SHA256 keyed by the partner token over salon_id=S&amount=A[&discount=D] (U1).',
      }),
    ),
  },
  {
    description:
      "The four documented fields; a payment adds the payment, its period and sign (the Hub MCP validator's fields, U1).",
  },
)
export type CallbackPayload = Static<typeof CallbackPayload>

/** `data` of POST /__mock/locations/{id}/applications/{id}/grant. */
export const ControlGrantData = Type.Object({
  installation: StoredInstallation,
  redirect_url: Type.Union([Type.String({ format: 'uri' }), Type.Null()], {
    description:
      "The registration URL the owner's browser opens next; null when the application has no registration_redirect_url.",
  }),
})

/** `data` of POST /__mock/locations/{id}/applications/{id}/events. */
export const LifecycleResultData = Type.Object({
  installation: StoredInstallation,
  delivery_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description:
      "The callback's delivery (GET /__mock/deliveries/{id}, or wait for it); null when nothing was sent.",
  }),
  skipped: Type.Union([Type.String(), Type.Null()], {
    description: 'Why no callback was sent (no callback_url, a full queue), else null.',
  }),
  payload: CallbackPayload,
})

export const ApplicationAnswer = SuccessEnvelope(StoredApplication)
export const ApplicationList = MetaEnvelope(
  Type.Array(StoredApplication),
  Type.Object({ count: Type.Integer({ description: 'Applications registered (at most 100).' }) }),
)
export const InstallationAnswer = SuccessEnvelope(StoredInstallation)
