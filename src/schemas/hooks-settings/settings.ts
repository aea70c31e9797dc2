import { IdString, rule, type Static, Type } from '../typebox.js'
import { HTTP_URL_FORMAT } from '../url.js'
import {
  Active,
  FLAG_NAMES,
  type FlagName,
  flagProperties,
  LEGACY_MISSING_FLAGS,
  optionalFlagProperties,
} from './flags.js'

export const MAX_URLS = 10

/** Which backend's answer shape the mock gives (contract section 2). */
export const BACKENDS = ['current', 'legacy'] as const
export type Backend = (typeof BACKENDS)[number]

export const WebhookUrl = Type.String({
  format: HTTP_URL_FORMAT,
  maxLength: 2048,
  description: 'An absolute http:// or https:// URL that receives the events.',
  ...rule('must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio"'),
})

export const WebhookUrls = Type.Array(WebhookUrl, {
  minItems: 1,
  maxItems: MAX_URLS,
  uniqueItems: true,
  description: `Where events are POSTed: 1 to ${MAX_URLS} unique URLs.`,
  ...rule(
    `must be a list of 1 to ${MAX_URLS} unique webhook URLs, e.g. ["https://example.com/altegio"]`,
  ),
})

/**
 * The body of POST /hooks_settings/{location_id}. Unknown fields are allowed
 * here (the real API ignores them) and reported as conformance warnings.
 */
export const HookSettingsBody = Type.Object(
  { urls: WebhookUrls, active: Active, ...optionalFlagProperties() },
  {
    description: 'The whole settings of a location: POST replaces what was stored.',
    ...rule('must be a JSON object such as {"urls": ["https://example.com/altegio"], "active": 1}'),
  },
)
export type HookSettingsBody = Static<typeof HookSettingsBody>

/** One URL with its own flags, as the current backend answers and the mock stores it. */
export const UrlSetting = Type.Object(
  { url: WebhookUrl, active: Active, ...flagProperties() },
  { description: 'One URL and its own flags (URLs installed by different apps can differ).' },
)
export type UrlSetting = Static<typeof UrlSetting>

/** One URL with its own flags, as a seed gives it; flags left out are 0. */
export const UrlSettingInput = Type.Object(
  { url: WebhookUrl, active: Active, ...optionalFlagProperties() },
  {
    additionalProperties: false,
    ...rule('must be {"url": "https://...", "active": 0 or 1, ...flags}'),
  },
)

/** A seed with per-URL flags: `{"url_settings": [{"url": ..., "active": 1, "record": 1}, ...]}`. */
export const PerUrlSettingsBody = Type.Object(
  {
    url_settings: Type.Array(UrlSettingInput, {
      minItems: 1,
      maxItems: MAX_URLS,
      description: `1 to ${MAX_URLS} URLs, each with its own flags.`,
      ...rule(`must be a list of 1 to ${MAX_URLS} {"url", "active", ...flags} entries`),
    }),
  },
  {
    additionalProperties: false,
    ...rule('must be {"url_settings": [...]} alone: the per-URL form takes no top-level flags'),
  },
)
export type PerUrlSettingsBody = Static<typeof PerUrlSettingsBody>

/**
 * PUT /__mock/locations/{id}/settings and seed(): the POST body (every URL
 * the same flags), or per-URL flags under `url_settings`.
 */
export const SeedBody = Type.Unsafe<HookSettingsBody | PerUrlSettingsBody>({
  description:
    'The POST body (every URL gets the same flags), or {"url_settings": [...]} with flags per URL.',
  if: { type: 'object', required: ['url_settings'] },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, not a promise.
  then: PerUrlSettingsBody,
  else: HookSettingsBody,
})
export type SeedBody = HookSettingsBody | PerUrlSettingsBody

/** What the store keeps per location: its URLs, each with its own flags. */
export const StoredSettings = Type.Object({ url_settings: Type.Array(UrlSetting) })
export type StoredSettings = Static<typeof StoredSettings>

const topLevel = { urls: Type.Array(Type.String(), { description: 'Where events are POSTed.' }) }

/** `data` of both hooks_settings answers on the current backend. */
export const HookSettings = Type.Object({
  ...topLevel,
  active: Active,
  ...flagProperties(),
  company_id: Type.Integer({ description: 'The location id.' }),
  url_settings: Type.Array(UrlSetting, {
    description: 'Each URL with its own flags; the top-level flags are those of the first URL.',
  }),
})
export type HookSettings = Static<typeof HookSettings>

const legacyFlags = Object.fromEntries(
  Object.entries(flagProperties()).filter(
    ([name]) => !LEGACY_MISSING_FLAGS.includes(name as FlagName),
  ),
)

/** `data` on an older backend: no url_settings, good, schedule, self_sending or company_id. */
export const LegacyHookSettings = Type.Object({ ...topLevel, active: Active, ...legacyFlags })

export const LocationParams = Type.Object({
  location_id: IdString(
    'The location (YCLIENTS: company) id, a positive integer.',
    '/hooks_settings/123456',
  ),
})

export { FLAG_NAMES }
