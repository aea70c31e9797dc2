import { FLAG_NAMES, type Flags } from '../../schemas/hooks-settings/flags.js'
import {
  MAX_URLS,
  type StoredSettings,
  type UrlSetting,
} from '../../schemas/hooks-settings/settings.js'
import type { AppEntityFlag } from '../../schemas/marketplace/application.js'

/** One URL as an activation installs it: active, the application's entity set on, the rest 0. */
export function appUrlSetting(url: string, entities: readonly AppEntityFlag[]): UrlSetting {
  const flags = Object.fromEntries(
    FLAG_NAMES.map((name) => [name, entities.includes(name as AppEntityFlag) ? 1 : 0]),
  ) as Flags
  return { url, active: 1, ...flags }
}

/**
 * A location's settings with the application's URLs installed, each with the
 * application's own flags; other URLs keep theirs. A URL already there takes
 * the application's flags in place; new ones go last. How the backend merges
 * is unpublished (marketplace contract, U5); this keeps other applications' URLs, as
 * per-URL flags allow. Refused when the location would pass 10 URLs.
 */
export function installUrls(
  settings: StoredSettings | undefined,
  urls: readonly string[],
  entities: readonly AppEntityFlag[],
): { settings: StoredSettings } | { refused: string } {
  const existing = settings?.url_settings ?? []
  const next = existing.map((entry) =>
    urls.includes(entry.url) ? appUrlSetting(entry.url, entities) : entry,
  )
  for (const url of urls) {
    if (!existing.some((entry) => entry.url === url)) next.push(appUrlSetting(url, entities))
  }
  if (next.length > MAX_URLS) {
    return {
      refused: `the location would have ${next.length} webhook URLs with these (it has ${existing.length}); a location keeps at most ${MAX_URLS}: send fewer, or remove some of its URLs first.`,
    }
  }
  return { settings: { url_settings: next } }
}

/** The settings without `urls`; undefined when no URL is left (as a location that never saved any). */
export function removeUrls(
  settings: StoredSettings | undefined,
  urls: readonly string[],
): StoredSettings | undefined {
  const left = (settings?.url_settings ?? []).filter((entry) => !urls.includes(entry.url))
  return left.length === 0 ? undefined : { url_settings: left }
}
