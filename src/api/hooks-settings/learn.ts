import type { Learner } from '../../drift/proxy.js'
import { FLAG_NAMES, type Flags } from '../../schemas/hooks-settings/flags.js'
import { StoredSettings, type UrlSetting } from '../../schemas/hooks-settings/settings.js'
import { POSITIVE_ID } from '../../schemas/ids.js'
import { lazyCheck } from '../../schemas/validator.js'
import type { Store } from '../../store/store.js'

const checkStored = lazyCheck(StoredSettings)

/** A flag as the mock keeps it: 0 or 1, from a number, a boolean or a digit in text. */
function bit(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0
  if (value === true || value === 1 || value === '1') return 1
  if (value === false || value === 0 || value === '0') return 0
  return undefined
}

/** One URL's flags from an object that has them (absent ones 0); undefined when one is no 0/1. */
function flagsOf(source: Record<string, unknown>): Omit<UrlSetting, 'url'> | undefined {
  const active = bit(source.active)
  if (active === undefined) return undefined
  const flags = {} as Flags
  for (const name of FLAG_NAMES) {
    const value = bit(source[name])
    if (value === undefined) return undefined
    flags[name] = value
  }
  return { active, ...flags }
}

/**
 * The settings a GET or POST answer's `data` describes, in either backend's
 * shape (per-URL `url_settings`, or `urls` with the flags once); undefined
 * when it says something the mock cannot keep.
 */
export function settingsFromAnswer(data: unknown): StoredSettings | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined
  const source = data as Record<string, unknown>
  let settings: StoredSettings | undefined
  if (Array.isArray(source.url_settings)) {
    const entries: UrlSetting[] = []
    for (const entry of source.url_settings as unknown[]) {
      if (entry === null || typeof entry !== 'object') return undefined
      const { url } = entry as { url?: unknown }
      const flags = flagsOf(entry as Record<string, unknown>)
      if (typeof url !== 'string' || !flags) return undefined
      entries.push({ url, ...flags })
    }
    settings = { url_settings: entries }
  } else if (Array.isArray(source.urls)) {
    const flags = flagsOf(source)
    if (!flags) return undefined
    // [""] with every flag 0 is the platform's answer for a location without URLs.
    const urls = (source.urls as unknown[]).filter((url) => url !== '')
    if (urls.some((url) => typeof url !== 'string')) return undefined
    settings = { url_settings: (urls as string[]).map((url) => ({ url, ...flags })) }
  }
  return settings && checkStored(settings) ? settings : undefined
}

/**
 * What the upstream answers about a location's settings becomes the mock's
 * state for it, in the data file: the same mock started later without
 * --upstream answers as the platform did (docs/drift.md#learning).
 */
export const hooksSettingsLearner = (store: Store): Learner => ({
  route: '/api/v1/hooks_settings/:location_id',
  before: (params) => store.latest.get('locations', params.location_id ?? ''),
  async learn({ method, params, upstream, before }) {
    const id = params.location_id ?? ''
    if (!POSITIVE_ID.test(id)) return false
    const known = () => store.latest.get('locations', id)
    if (upstream.status < 200 || upstream.status > 299) {
      // The platform refused a write the mock may have taken: the mock forgets it too.
      if (method !== 'POST' || known() === before) return false
      await store.update(() => ({
        changes: [
          before === undefined
            ? { op: 'delete', collection: 'locations', key: id }
            : { op: 'put', collection: 'locations', key: id, value: before as StoredSettings },
        ],
        result: undefined,
      }))
      return false
    }
    const body = upstream.json as { success?: unknown; data?: unknown } | undefined
    if (body?.success !== true) return false
    const settings = settingsFromAnswer(body.data)
    if (!settings) return false
    // Unchanged settings are not written again: a GET would otherwise cost a sync of the log.
    return store.update((latest) => {
      const current = latest.get('locations', id)
      if (current && JSON.stringify(current) === JSON.stringify(settings)) {
        return { changes: [], result: true }
      }
      return {
        changes: [{ op: 'put', collection: 'locations', key: id, value: settings }],
        result: true,
      }
    })
  },
})
