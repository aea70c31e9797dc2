import { IdString, rule, type Static, type TOptional, Type } from './typebox.js'

/** The entity flags of the contract's settings table (section 2), in its order. */
export const FLAG_NAMES = [
  'salon',
  'service_category',
  'service',
  'good',
  'master',
  'client',
  'record',
  'goods_operations_sale',
  'goods_operations_receipt',
  'goods_operations_consumable',
  'goods_operations_stolen',
  'goods_operations_move',
  'finances_operation',
  'loyalty_card',
  'schedule',
  'self_sending',
] as const
export type FlagName = (typeof FLAG_NAMES)[number]

const FLAG_DESCRIPTIONS: Record<FlagName, string> = {
  salon: 'The location itself (events arrive as resource "company").',
  service_category: 'Service categories.',
  service: 'Services.',
  good: 'Products.',
  master: 'Team members (events arrive as resource "staff").',
  client: 'Clients.',
  record: 'Appointments.',
  goods_operations_sale: 'Product sales.',
  goods_operations_receipt: 'Product arrivals.',
  goods_operations_consumable: 'Consumable write-offs.',
  goods_operations_stolen: 'Product write-offs.',
  goods_operations_move: 'Product moves.',
  finances_operation: 'Financial transactions.',
  loyalty_card: 'Loyalty cards.',
  schedule: 'Team member schedules.',
  self_sending: '1 = also deliver events caused by the caller itself.',
}

/** Every flag is an integer: 1 = on, 0 = off. */
export const Bit = (description: string) =>
  Type.Integer({
    minimum: 0,
    maximum: 1,
    description: `${description} 1 = on, 0 = off.`,
    ...rule('must be the integer 0 or 1 (1 = on, 0 = off)'),
  })

type BitSchema = ReturnType<typeof Bit>

function flagProperties(): { [K in FlagName]: BitSchema } {
  return Object.fromEntries(FLAG_NAMES.map((name) => [name, Bit(FLAG_DESCRIPTIONS[name])])) as {
    [K in FlagName]: BitSchema
  }
}

function optionalFlagProperties() {
  return Object.fromEntries(
    FLAG_NAMES.map((name) => [name, Type.Optional(Bit(FLAG_DESCRIPTIONS[name]))]),
  ) as { [K in FlagName]: TOptional<BitSchema> }
}

export const MAX_URLS = 10

export const WebhookUrl = Type.String({
  format: 'uri',
  pattern: '^[hH][tT][tT][pP][sS]?://[^/?#\\s]+',
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

const Active = Bit('Master switch: nothing is sent while it is 0.')

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

/** What is stored per location, every flag present. */
export const StoredSettings = Type.Object({
  urls: Type.Array(Type.String()),
  active: Active,
  ...flagProperties(),
})
export type StoredSettings = Static<typeof StoredSettings>

export const UrlSetting = Type.Object(
  { url: Type.String(), active: Active, ...flagProperties() },
  { description: 'One entry per URL; POST sets the flags for the whole location.' },
)

/** `data` of both hooks_settings responses. */
export const HookSettings = Type.Object({
  urls: Type.Array(Type.String(), { description: 'Where events are POSTed.' }),
  active: Active,
  ...flagProperties(),
  url_settings: Type.Array(UrlSetting),
})
export type HookSettings = Static<typeof HookSettings>

export const LocationParams = Type.Object({
  location_id: IdString(
    'The location (YCLIENTS: company) id, a positive integer.',
    '/hooks_settings/123456',
  ),
})

/** Settings of a location that never saved any (contract section 2). */
export function emptySettings(): StoredSettings {
  return toStoredSettings({ urls: [], active: 0 })
}

/** Every flag present, omitted ones as 0; unknown fields dropped. */
export function toStoredSettings(body: HookSettingsBody): StoredSettings {
  const settings = { urls: [...body.urls], active: body.active } as StoredSettings
  for (const name of FLAG_NAMES) settings[name] = body[name] ?? 0
  return settings
}

export function toHookSettings(stored: StoredSettings): HookSettings {
  return JSON.parse(hookSettingsJson(stored)) as HookSettings
}

/**
 * The JSON text of `toHookSettings(stored)`, in the contract's key order,
 * written directly: building the object with spreads and stringifying it was
 * the largest cost of a POST's answer (~13 us of ~130 us per request in a
 * profile). Flags are validated integers 0 or 1, so they need no escaping.
 */
export function hookSettingsJson(stored: StoredSettings): string {
  let flags = `"active":${stored.active}`
  for (const name of FLAG_NAMES) flags += `,"${name}":${stored[name]}`
  const urls = stored.urls.map((url) => JSON.stringify(url))
  const perUrl = urls.map((url) => `{"url":${url},${flags}}`)
  return `{"urls":[${urls.join(',')}],${flags},"url_settings":[${perUrl.join(',')}]}`
}
