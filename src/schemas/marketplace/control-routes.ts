import { MetaEnvelope, SuccessEnvelope } from '../envelope.js'
import { LIFECYCLE_EVENTS } from '../event.js'
import { Id, rule, type Static, StringEnum, Type } from '../typebox.js'
import { StoredApplication } from './application.js'
import { GrantUser } from './grant-routes.js'
import { StoredInstallation } from './installation.js'
import { AnswerId, Percent, Time } from './route-parts.js'
import { Amount } from './values.js'

// The marketplace's side of /__mock: applications, the owner's grant, an
// installation's record and the lifecycle events; with what every lifecycle
// callback POSTs, whichever route caused it.

/** POST /__mock/locations/{id}/applications/{id}/grant: "the owner clicked Connect". */
export const GrantBody = Type.Object(
  { user: Type.Optional(GrantUser) },
  {
    additionalProperties: false,
    ...rule(
      'must be {} or {"user": {...}}, the owner as user_data carries them, e.g. {"id", "name", "phone", "email", "is_approved", "avatar", "salon_name"}',
    ),
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
    amount: Type.Optional(Amount("The amount (default: the first tariff option's price).")),
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
