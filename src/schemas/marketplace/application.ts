import { FLAG_NAMES, type FlagName } from '../hooks-settings/flags.js'
import { WebhookUrl } from '../hooks-settings/settings.js'
import { Id, rule, type Static, StringEnum, Type } from '../typebox.js'
import { Amount } from './values.js'

/**
 * Marketplace applications as a test registers them and the data file keeps
 * them, with their tariffs. Sources: docs/marketplace-contract.md.
 */

/**
 * The entity set an activation may install: the backend's standard set. It
 * never sets schedule or loyalty_card (marketplace contract, section 2), nor self_sending.
 */
export const APP_ENTITY_FLAGS = FLAG_NAMES.filter(
  (name) => name !== 'schedule' && name !== 'loyalty_card' && name !== 'self_sending',
) as Exclude<FlagName, 'schedule' | 'loyalty_card' | 'self_sending'>[]
export type AppEntityFlag = (typeof APP_ENTITY_FLAGS)[number]

/** What user_data_sign is computed over (marketplace contract, D2): the official article's reading, or the other. */
export const SIGN_INPUTS = ['decoded_json', 'base64'] as const
export type SignInput = (typeof SIGN_INPUTS)[number]

/** Bounds: applications known, and tariffs and options each. */
export const MAX_APPLICATIONS = 100
export const MAX_TARIFFS = 20

const Token = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[^\\s,]+$',
    description,
    ...rule('must be a token of 1 to 255 characters without spaces or commas'),
  })

/** An http(s) URL or null, as one schema: one clear error, not one per branch. */
const NullableUrl = (description: string) =>
  Type.Unsafe<string | null>({
    type: ['string', 'null'],
    format: WebhookUrl.format,
    maxLength: WebhookUrl.maxLength,
    description,
    ...rule(
      'must be an absolute http:// or https:// URL (or null), e.g. "https://example.com/altegio"',
    ),
  })

const Text = (description: string, example: string) =>
  Type.String({
    minLength: 1,
    maxLength: 255,
    description,
    ...rule(`must be a text such as "${example}"`),
  })

const Count = (description: string, max: number) =>
  Type.Integer({
    minimum: 0,
    maximum: max,
    description,
    ...rule(`must be an integer from 0 to ${max}`),
  })

export const TariffOption = Type.Object(
  {
    id: Id('Tariff option id.', 'the tariff option id'),
    title: Text('e.g. "Solo professional".', 'Solo professional'),
    overall_price: Amount('Price of the option.'),
    duration_in_months: Count('Months the option pays for.', 120),
    currency_iso: Type.String({
      pattern: '^[A-Z]{3}$',
      description: 'e.g. USD.',
      ...rule('must be three capital letters, e.g. "USD"'),
    }),
    staff_amount: Count('Maximum team members for this option.', 100_000),
    free_period_in_months: Count('Free months.', 120),
  },
  {
    additionalProperties: false,
    ...rule(
      'must be a tariff option: {"id", "title", "overall_price", "duration_in_months", "currency_iso", "staff_amount", "free_period_in_months"}',
    ),
  },
)

export const Tariff = Type.Object(
  {
    id: Id('Tariff id.', 'the tariff id'),
    title: Text('e.g. "1 month".', '1 month'),
    options: Type.Array(TariffOption, {
      maxItems: MAX_TARIFFS,
      ...rule(`must be a list of at most ${MAX_TARIFFS} options`),
    }),
  },
  { additionalProperties: false, ...rule('must be a tariff: {"id", "title", "options": [...]}') },
)
export type Tariff = Static<typeof Tariff>

/** An application as a test registers it (POST /__mock/applications, a file, or code). */
export const ApplicationInput = Type.Object(
  {
    application_id: Id('The application id.', 'the application id'),
    partner_token: Token(
      "The partner token that owns the application: the Bearer of the partner's calls, the key of the signatures.",
    ),
    callback_url: Type.Optional(
      NullableUrl('Where uninstall, freeze and payment callbacks go; null: nowhere.'),
    ),
    registration_redirect_url: Type.Optional(
      NullableUrl("The app's registration page, opened after the owner connects it."),
    ),
    is_personal_data_access_needed: Type.Optional(
      Type.Boolean({
        description:
          'true: the redirect carries user_data and user_data_sign (default false, as the setting).',
        ...rule('must be true or false'),
      }),
    ),
    user_data_sign_input: Type.Optional(
      StringEnum(SIGN_INPUTS, {
        description:
          'What user_data_sign is the HMAC of: decoded_json (the support article, default) or base64 (the query text).',
        ...rule(`must be one of ${SIGN_INPUTS.join(', ')}`),
      }),
    ),
    webhook_entities: Type.Optional(
      Type.Array(
        StringEnum(APP_ENTITY_FLAGS, {
          ...rule(
            `must be one of ${APP_ENTITY_FLAGS.join(', ')} (activation never sets schedule or loyalty_card)`,
          ),
        }),
        {
          uniqueItems: true,
          description: 'Flags the activation sets on its URLs (default: all of them).',
          ...rule(
            `must be a list of distinct flags from ${APP_ENTITY_FLAGS.join(', ')} (activation never sets schedule or loyalty_card)`,
          ),
        },
      ),
    ),
    tariffs: Type.Optional(
      Type.Array(Tariff, {
        maxItems: MAX_TARIFFS,
        ...rule(`must be a list of at most ${MAX_TARIFFS} tariffs`),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...rule(
      'must be an application such as {"application_id": 7, "partner_token": "...", "callback_url": "https://..."}',
    ),
  },
)
export type ApplicationInput = Static<typeof ApplicationInput>

/**
 * An application as the store keeps it: every field, defaults filled. The
 * input's own schemas, required: whatever registration accepts, the data
 * file's check accepts, and nothing else.
 */
export const StoredApplication = Type.Required(ApplicationInput, {
  description: 'An application as the mock keeps it: every field, defaults filled.',
})
export type StoredApplication = Static<typeof StoredApplication>
