import { fromSeedBody } from '../api/hooks-settings/settings-model.js'
import { Active, FLAG_NAMES, optionalFlagProperties } from '../schemas/hooks-settings/flags.js'
import {
  type HookSettingsBody,
  type StoredSettings,
  UrlSettingInput,
} from '../schemas/hooks-settings/settings.js'
import { Type } from '../schemas/typebox.js'

// The seed's own parts (every URL a route stores is a WebhookUrl), with other fields let be.
const FileUrlSetting = Type.Object(UrlSettingInput.properties)

/**
 * A location as the data file may hold it. The mock writes `url_settings`
 * (each URL with its own flags); a hand-written file may instead give `urls`
 * with one set of flags, as a POST does, or paste a whole GET answer. Flags
 * left out read as 0.
 */
export const FileSettings = Type.Object({
  urls: Type.Optional(Type.Array(Type.String())),
  active: Type.Optional(Active),
  ...optionalFlagProperties(),
  url_settings: Type.Optional(Type.Array(FileUrlSetting)),
})

type FileSettingsValue = {
  urls?: string[]
  active?: number
  url_settings?: ({ url: string; active: number } & Record<string, unknown>)[]
} & Record<string, unknown>

/** Why a location's entry cannot be read, beyond its shape; undefined when it can. */
export function fileSettingsProblem(value: FileSettingsValue): string | undefined {
  if (value.url_settings && value.url_settings.length > 0) return undefined
  const urls = (value.urls ?? []).filter((url) => url !== '')
  if (urls.length === 0 || value.active !== undefined) return undefined
  return 'has "urls" but no "active" (0 or 1); or give "url_settings" with each URL\'s flags'
}

/** A file's location entry as the store keeps it. */
export function settingsFromFile(value: FileSettingsValue): StoredSettings {
  if (value.url_settings && value.url_settings.length > 0) {
    return fromSeedBody({ url_settings: value.url_settings } as never)
  }
  // The blank-URL sentinel of a never-saved location is no URL.
  const urls = (value.urls ?? []).filter((url) => url !== '')
  const body = { urls, active: value.active ?? 0 } as HookSettingsBody
  for (const name of FLAG_NAMES) {
    const flag = value[name]
    if (flag !== undefined) body[name] = flag as number
  }
  return fromSeedBody(body)
}
