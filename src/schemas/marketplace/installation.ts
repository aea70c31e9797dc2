import { type Static, StringEnum, Type } from '../typebox.js'

/**
 * An application's link to a location, its installation, as the data file
 * keeps it. Sources: docs/marketplace-contract.md.
 */

/** A link's status: the three the status route names, and the history-only `uninstalled`. */
export const INSTALLATION_STATUSES = ['uninstalled', 'pending', 'active', 'freezed'] as const
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number]

/** Bounds: installations kept, and log entries and payments per installation. */
export const MAX_INSTALLATIONS = 10_000
export const MAX_LOGS = 100
export const MAX_PAYMENTS = 100

/** "YYYY-MM-DD HH:MM:SS", as the status route writes times (UTC in the mock). */
export const WireTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' })

export const InstallationLog = Type.Object(
  {
    changed_at: Type.String({
      pattern: WireTime.pattern,
      description: 'When: "YYYY-MM-DD HH:MM:SS", UTC.',
    }),
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

export const Payment = Type.Object(
  {
    id: Type.Integer({ minimum: 1, description: 'The payment id (what the refund route takes).' }),
    payment_sum: Type.Number({ description: 'The amount.' }),
    currency_iso: Type.String({ description: 'e.g. USD.' }),
    payment_date: Type.String({ description: 'When it was paid: "YYYY-MM-DD HH:MM:SS".' }),
    period_from: Type.String({ description: 'Start of the paid period.' }),
    period_to: Type.String({ description: 'End of the paid period.' }),
    is_refunded: Type.Boolean({ description: 'true once the partner refunded it.' }),
    source: Type.String({
      description: 'partner_api (POST /marketplace/partner/payment) or billing (a payment event).',
    }),
  },
  { description: 'A payment recorded for an installation.' },
)
export type Payment = Static<typeof Payment>

/** One application at one location: its status, history, payments and what it installed. */
export const StoredInstallation = Type.Object(
  {
    location_id: Type.Integer({ minimum: 1, description: 'The location.' }),
    application_id: Type.Integer({ minimum: 1, description: 'The application.' }),
    status: StringEnum(INSTALLATION_STATUSES, {
      description: 'uninstalled (never granted, or uninstalled), pending, active or freezed.',
    }),
    created_at: Type.Union([WireTime, Type.Null()], {
      description: 'When the owner granted access last.',
    }),
    granted_at_ms: Type.Union([Type.Number(), Type.Null()], {
      description: 'The same, in ms: the 12-hour window counts from it.',
    }),
    redirect_url: Type.Union([Type.String(), Type.Null()], {
      description: 'The registration URL of the last grant, or null.',
    }),
    webhook_urls: Type.Array(Type.String(), { description: 'URLs the activation installed.' }),
    api_key: Type.Union([Type.String(), Type.Null()], {
      description: "The partner callback's api_key, as text; or null.",
    }),
    chat_url: Type.Union([Type.String(), Type.Null()], {
      description: "The partner callback's chat_url, or null.",
    }),
    discount: Type.Union([Type.Number(), Type.Null()], {
      description: 'The discount add_discount set, in percent; or null.',
    }),
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
export const INSTALLATION_KEY = /^[1-9][0-9]{0,14}:[1-9][0-9]{0,14}$/
