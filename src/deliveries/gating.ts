import type { TriggeredEvent } from '../schemas/delivery.js'
import { RESOURCE_FLAGS, type Resource } from '../schemas/event.js'
import type { StoredSettings, UrlSetting } from '../schemas/hooks-settings/settings.js'

/** Why a location sends nothing at all, or undefined when it has URLs. */
export function locationSkipReason(
  locationId: number,
  settings: StoredSettings | undefined,
): string | undefined {
  if (!settings || settings.url_settings.length === 0) {
    return `location ${locationId} has no webhook URLs: save settings first (POST /api/v1/hooks_settings/${locationId}, or PUT /__mock/locations/${locationId}/settings)`
  }
  return undefined
}

/**
 * Why one URL does not receive an event, or undefined when it does (contract
 * section 4; HUB: each URL has its own flags): nothing while its `active` is
 * 0, each flag gates its resource, and with `self_sending` 0 the caller's own
 * events stay.
 */
export function urlSkipReason(
  entry: UrlSetting,
  resource: Resource,
  selfCaused: boolean,
): string | undefined {
  if (entry.active !== 1) return 'active is 0: nothing is sent while the settings are inactive'
  const flag = RESOURCE_FLAGS[resource]
  if (entry[flag] !== 1) return `${flag} is 0: ${resource} events are not sent`
  if (selfCaused && entry.self_sending !== 1) {
    return 'self_sending is 0: events the caller caused itself are not sent'
  }
  return undefined
}

export type SkippedUrl = TriggeredEvent['skipped_urls'][number]

/** The location's URLs that receive an event, and each other one with why it does not. */
export function urlTargets(
  settings: StoredSettings,
  resource: Resource,
  selfCaused: boolean,
): { targets: string[]; skipped: SkippedUrl[] } {
  const targets: string[] = []
  const skipped: SkippedUrl[] = []
  for (const entry of settings.url_settings) {
    const reason = urlSkipReason(entry, resource, selfCaused)
    if (reason) skipped.push({ url: entry.url, reason })
    else targets.push(entry.url)
  }
  return { targets, skipped }
}

/** Why no URL receives an event: the reason they all gave, or each reason once. */
export function noTargetReason(skipped: SkippedUrl[]): string {
  const reasons = [...new Set(skipped.map((s) => s.reason))]
  return reasons.length === 1 ? (reasons[0] as string) : reasons.join('; ')
}
