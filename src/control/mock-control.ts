import type { DeliveryDispatcher } from '../deliveries/dispatcher.js'
import type { TriggerResult } from '../deliveries/types.js'
import type { TriggerEvent } from '../schemas/event.js'
import {
  emptySettings,
  type HookSettings,
  type HookSettingsBody,
  toHookSettings,
  toStoredSettings,
} from '../schemas/hook-settings.js'
import type { SettingsStore } from '../store/settings-store.js'
import type { RequestJournal } from './request-journal.js'

/**
 * What the mock's own surface does, shared by the /__mock/ routes and the
 * programmatic API: seed, trigger, reset. Location ids keep parallel tests
 * apart: nothing here touches another location's state.
 */
export class MockControl {
  constructor(
    readonly store: SettingsStore,
    readonly deliveries: DeliveryDispatcher,
    readonly requests: RequestJournal,
  ) {}

  settings(locationId: number): HookSettings {
    return toHookSettings(this.store.get(locationId) ?? emptySettings())
  }

  /** Saves settings as POST would, without auth or warnings. */
  async seed(locationId: number, body: HookSettingsBody): Promise<HookSettings> {
    const stored = toStoredSettings(body)
    await this.store.put(locationId, stored)
    return toHookSettings(stored)
  }

  trigger(locationId: number, events: TriggerEvent[]): TriggerResult {
    return this.deliveries.trigger(locationId, this.store.get(locationId), events)
  }

  /** One location's settings, deliveries and requests, or everything. */
  async reset(locationId?: number): Promise<void> {
    this.deliveries.reset(locationId)
    this.requests.reset(locationId)
    if (locationId === undefined) await this.store.clear()
    else if (this.store.get(locationId)) await this.store.delete(locationId)
  }
}
