import { WebhookUrl } from '../hooks-settings/settings.js'
import { Id, type Static, StringEnum, Type } from '../typebox.js'
import { MAX_SHORT_NAMES, ShortName } from './channel-routes.js'
import { Amount, Channels, CurrencyIso, Percent, WireTime } from './values.js'

/**
 * An application's link to a location, its installation, as the data file
 * keeps it. Sources: docs/marketplace-contract.md.
 */

/** A link's status: the three the status route names, and the history-only `uninstalled`. */
export const INSTALLATION_STATUSES = ['uninstalled', 'pending', 'active', 'freezed'] as const
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number]

/** The partner routes that activate an installation. */
export const ACTIVATION_ROUTES = ['callback', 'redirect'] as const
export type ActivationRoute = (typeof ACTIVATION_ROUTES)[number]

/** Bounds: installations kept, and log entries and payments per installation. */
export const MAX_INSTALLATIONS = 10_000
export const MAX_LOGS = 100
export const MAX_PAYMENTS = 100

export { WireTime }

export const InstallationLog = Type.Object(
  {
    changed_at: WireTime('When: "YYYY-MM-DD HH:MM:SS", UTC.'),
    status_from: StringEnum(INSTALLATION_STATUSES, { description: 'The status before.' }),
    status_to: StringEnum(INSTALLATION_STATUSES, { description: 'The status after.' }),
    source: Type.String({
      description:
        'Who changed it: marketplace (the owner), partner_api (the partner), billing (expiry, payment).',
    }),
  },
  { description: 'One transition of an installation.' },
)
export type InstallationLog = Static<typeof InstallationLog>

/** Who recorded a payment: the partner's route, or a payment event. */
export const PAYMENT_SOURCES = ['partner_api', 'billing'] as const

// The stored payment takes its values' schemas from the payment route's body:
// whatever the route accepts, the data file's check accepts.
export const Payment = Type.Object(
  {
    id: Id('The payment id (what the refund route takes).', 'the payment id'),
    payment_sum: Amount('The amount.'),
    currency_iso: CurrencyIso('e.g. USD.'),
    payment_date: WireTime('When it was paid: "YYYY-MM-DD HH:MM:SS".'),
    period_from: WireTime('Start of the paid period.'),
    period_to: WireTime('End of the paid period.'),
    is_refunded: Type.Boolean({ description: 'true once the partner refunded it.' }),
    source: StringEnum(PAYMENT_SOURCES, {
      description: 'partner_api (POST /marketplace/partner/payment) or billing (a payment event).',
    }),
  },
  { description: 'A payment recorded for an installation.' },
)
export type Payment = Static<typeof Payment>

/** One application at one location: its status, history, payments and what it installed. */
export const StoredInstallation = Type.Object(
  {
    location_id: Id('The location.', 'the location id'),
    application_id: Id('The application.', 'the application id'),
    status: StringEnum(INSTALLATION_STATUSES, {
      description: 'uninstalled (never granted, or uninstalled), pending, active or freezed.',
    }),
    created_at: Type.Union([WireTime('"YYYY-MM-DD HH:MM:SS", UTC.'), Type.Null()], {
      description: 'When the owner granted access last.',
    }),
    granted_at_ms: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The same, in ms: the 12-hour window counts from it.',
    }),
    redirect_url: Type.Union([Type.String(), Type.Null()], {
      description: 'The registration URL of the last grant, or null.',
    }),
    webhook_urls: Type.Array(WebhookUrl, { description: 'URLs the activation installed.' }),
    api_key: Type.Union([Type.String({ maxLength: 1024 }), Type.Null()], {
      description: "The partner callback's api_key, as text; or null.",
    }),
    chat_url: Type.Union([WebhookUrl, Type.Null()], {
      description: "The partner callback's chat_url, or null.",
    }),
    discount: Type.Union([Percent('In percent.'), Type.Null()], {
      description: 'The discount add_discount set, in percent; or null.',
    }),
    // Optional: data files written before channels read as before (none).
    channels: Type.Optional(
      Channels(
        "The notification channels available: the partner callback's channels, then update_channel's changes.",
      ),
    ),
    // Optional: data files written before them read as before (none sent).
    short_names: Type.Optional(
      Type.Union([Type.Array(ShortName, { maxItems: MAX_SHORT_NAMES }), Type.Null()], {
        description: 'The SMS sender names the partner sent last (short_names), or null.',
      }),
    ),
    activated_via: Type.Optional(
      Type.Union([StringEnum(ACTIVATION_ROUTES), Type.Null()], {
        description:
          'Which partner route activated it: callback (POST /marketplace/partner/callback) or redirect (POST /marketplace/partner/callback/redirect); null before.',
      }),
    ),
    logs: Type.Array(InstallationLog, { description: 'Transitions, oldest first.' }),
    logs_dropped: Type.Integer({
      minimum: 0,
      description: `Older transitions dropped past the bound (${MAX_LOGS}).`,
    }),
    payments: Type.Array(Payment, { description: 'Payments, oldest first.' }),
  },
  {
    description:
      'One application at one location: its status, history, payments and what it installed.',
  },
)
export type StoredInstallation = Static<typeof StoredInstallation>

/** The store's key of a link. */
export const installationKey = (locationId: number, applicationId: number) =>
  `${locationId}:${applicationId}`
