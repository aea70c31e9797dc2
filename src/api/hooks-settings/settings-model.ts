import type { FieldErrors } from '../../http/errors.js'
import { FLAG_NAMES, type Flags, LEGACY_MISSING_FLAGS } from '../../schemas/hooks-settings/flags.js'
import type {
  Backend,
  HookSettings,
  HookSettingsBody,
  SeedBody,
  StoredSettings,
  UrlSetting,
} from '../../schemas/hooks-settings/settings.js'

function flagsOf(source: Partial<Record<string, unknown>>): Flags {
  const flags = {} as Flags
  for (const name of FLAG_NAMES) flags[name] = (source[name] as number | undefined) ?? 0
  return flags
}

/** A POST replaces the location's settings: every URL gets the posted flags, omitted ones 0. */
export function fromPostBody(body: HookSettingsBody): StoredSettings {
  const flags = flagsOf(body)
  return { url_settings: body.urls.map((url) => ({ url, active: body.active, ...flags })) }
}

/** A seed: the POST body, or per-URL flags. */
export function fromSeedBody(body: SeedBody): StoredSettings {
  if (!('url_settings' in body)) return fromPostBody(body)
  return {
    url_settings: body.url_settings.map((entry) => ({
      url: entry.url,
      active: entry.active,
      ...flagsOf(entry),
    })),
  }
}

/** 422 field errors for a per-URL seed that lists a URL twice (JSON Schema cannot say it). */
export function repeatedUrls(body: SeedBody): FieldErrors | undefined {
  if (!('url_settings' in body)) return undefined
  const seen = new Map<string, number>()
  for (const [index, { url }] of body.url_settings.entries()) {
    const first = seen.get(url)
    if (first !== undefined) {
      return {
        url_settings: [
          `url_settings must not list a URL twice: url_settings[${first}].url and url_settings[${index}].url are both ${JSON.stringify(url)}.`,
        ],
      }
    }
    seen.set(url, index)
  }
  return undefined
}

/**
 * The JSON text of `data` of a GET or POST answer, in the contract's key
 * order, written directly (flags are validated integers, URLs are escaped by
 * JSON.stringify). A location without URLs answers the blank-URL sentinel
 * (HUB tests: `urls: [""]`, `url_settings: []`; every flag 0, `active` too, is
 * the mock's choice: docs/settings-read-back.md).
 */
export function settingsJson(
  stored: StoredSettings | undefined,
  locationId: number,
  backend: Backend,
): string {
  const entries = stored?.url_settings ?? []
  const first: Omit<UrlSetting, 'url'> = entries[0] ?? { active: 0, ...flagsOf({}) }
  const urls = entries.length === 0 ? ['""'] : entries.map((entry) => JSON.stringify(entry.url))
  if (backend === 'legacy') {
    let flags = `"active":${first.active}`
    for (const name of FLAG_NAMES) {
      if (!LEGACY_MISSING_FLAGS.includes(name)) flags += `,"${name}":${first[name]}`
    }
    return `{"urls":[${urls.join(',')}],${flags}}`
  }
  // The top level repeats the first entry's flags: serialized once, for both.
  const firstFlags = flagsJson(first)
  const perUrl = entries.map(
    (entry, i) => `{"url":${urls[i]},${i === 0 ? firstFlags : flagsJson(entry)}}`,
  )
  return `{"urls":[${urls.join(',')}],${firstFlags},"company_id":${locationId},"url_settings":[${perUrl.join(',')}]}`
}

function flagsJson(entry: Omit<UrlSetting, 'url'>): string {
  let json = `"active":${entry.active}`
  for (const name of FLAG_NAMES) json += `,"${name}":${entry[name]}`
  return json
}

/** `data` of a GET or POST answer, as an object. */
export function toHookSettings(
  stored: StoredSettings | undefined,
  locationId: number,
  backend: Backend = 'current',
): HookSettings {
  return JSON.parse(settingsJson(stored, locationId, backend)) as HookSettings
}
