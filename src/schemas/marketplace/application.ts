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

/**
 * An application's catalogue category (marketplace contract, section 10). The
 * sources name analytics and ai_bots as slugs, and Chat Bots, SMS Aggregators
 * and Telephony as categories without their slugs: those three slugs, and
 * `other`, are the mock's.
 */
export const APP_CATEGORIES = [
  'other',
  'analytics',
  'ai_bots',
  'chat_bots',
  'sms_aggregators',
  'telephony',
] as const
export type AppCategory = (typeof APP_CATEGORIES)[number]
/** What an application registered without a category is: one no category-bound route serves. */
export const DEFAULT_CATEGORY: AppCategory = 'other'
/** Who may set notification channels: "Only for Chat Bots and SMS Aggregators" (update_channel). */
export const CHANNEL_CATEGORIES: readonly AppCategory[] = ['chat_bots', 'sms_aggregators']
/** Who may send SMS sender names: SMS aggregators (the mock's reading of KB-SMS). */
export const SENDER_CATEGORIES: readonly AppCategory[] = ['sms_aggregators']

/**
 * Which keys user_data carries by default (marketplace contract, section 1):
 * production's `{id, name, phone, email, is_approved, avatar, salon_name}`, or
 * the support article's `{user_id, name, email, phone}`.
 */
export const USER_DATA_SHAPES = ['production', 'support_article'] as const
export type UserDataShape = (typeof USER_DATA_SHAPES)[number]
export const DEFAULT_USER_DATA_SHAPE: UserDataShape = 'production'

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
    category: Type.Optional(
      StringEnum(APP_CATEGORIES, {
        description: `The catalogue category (default ${DEFAULT_CATEGORY}): chat_bots and sms_aggregators may set notification channels; telephony is a VoIP integration.`,
        ...rule(`must be one of ${APP_CATEGORIES.join(', ')}`),
      }),
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
    user_data_shape: Type.Optional(
      StringEnum(USER_DATA_SHAPES, {
        description:
          "The keys of the default user_data: production's (id, name, phone, email, is_approved, avatar, salon_name; default) or support_article's (user_id, name, email, phone).",
        ...rule(`must be one of ${USER_DATA_SHAPES.join(', ')}`),
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
 * file's check accepts, and nothing else. `category` and `user_data_shape`
 * stay optional, so data files written before them read (as their defaults).
 */
export const StoredApplication = Type.Composite(
  [
    Type.Required(Type.Omit(ApplicationInput, ['category', 'user_data_shape'])),
    Type.Pick(ApplicationInput, ['category', 'user_data_shape']),
  ],
  {
    additionalProperties: false,
    description: 'An application as the mock keeps it: every field, defaults filled.',
  },
)
export type StoredApplication = Static<typeof StoredApplication>

/** The user_data keys of an application; one kept before the option has the default. */
export const userDataShapeOf = (application: Pick<StoredApplication, 'user_data_shape'>) =>
  application.user_data_shape ?? DEFAULT_USER_DATA_SHAPE

/** The application's category; an application kept before categories has the default. */
export const categoryOf = (application: Pick<StoredApplication, 'category'>): AppCategory =>
  application.category ?? DEFAULT_CATEGORY
