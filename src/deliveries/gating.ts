import { RESOURCE_FLAGS, type Resource } from '../schemas/event.js'
import type { StoredSettings } from '../schemas/hook-settings.js'

/**
 * Why an event is not sent to a location with these settings, or undefined
 * when it is (contract section 4): nothing while `active` is 0, each flag
 * gates its resource, and with `self_sending` 0 the caller's own events stay.
 */
export function skipReason(
  locationId: number,
  settings: StoredSettings | undefined,
  resource: Resource,
  selfCaused: boolean,
): string | undefined {
  if (!settings || settings.urls.length === 0) {
    return `location ${locationId} has no webhook URLs: save settings first (POST /api/v1/hooks_settings/${locationId}, or PUT /__mock/locations/${locationId}/settings)`
  }
  if (settings.active !== 1) return 'active is 0: nothing is sent while the settings are inactive'
  const flag = RESOURCE_FLAGS[resource]
  if (settings[flag] !== 1) return `${flag} is 0: ${resource} events are not sent`
  if (selfCaused && settings.self_sending !== 1) {
    return 'self_sending is 0: events the caller caused itself are not sent'
  }
  return undefined
}
