import { CompanyEntity } from '../entities/company.js'
import { MetaEnvelope, SuccessEnvelope } from '../envelope.js'
import { MAX_URLS, WebhookUrl } from '../hooks-settings/settings.js'
import { rule, type Static, StringEnum, Type } from '../typebox.js'
import { InstallationLog, WireTime } from './installation.js'
import { AnswerId, App, EmptyObject, Nothing, Salon } from './route-parts.js'
import { Channels } from './values.js'

// The partner's callback, an installation's status, the salons list and
// uninstall (marketplace contract, sections 2 to 5). Bodies the sources do not
// publish (marketplace contract, U6) are the mock's, and say so.

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
    channels: Type.Optional(
      Channels('Notification channels enabled with the activation (the Hub MCP sends them).'),
    ),
  },
  { ...rule('must be {"salon_id", "application_id", "api_key", "webhook_urls": [...]}') },
)
export type CallbackBody = Static<typeof CallbackBody>

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

/** 201 of the partner callback: the envelope, empty (marketplace contract, U6). */
export const CallbackAnswer = SuccessEnvelope(
  Nothing('Always null: "All parameters installed" has no published body (U6).'),
)

const ConnectionStatus = Type.Object(
  {
    status: StringEnum(['pending', 'active', 'freezed'] as const, {
      description: 'pending (granted, not yet activated), active, or freezed (paid period over).',
    }),
    created_at: WireTime('When the owner granted access last: "YYYY-MM-DD HH:MM:SS", UTC.'),
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
