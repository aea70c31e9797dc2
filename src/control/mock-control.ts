import { fromSeedBody, toHookSettings } from '../api/hooks-settings/settings-model.js'
import type { Marketplace } from '../api/marketplace/marketplace.js'
import type { LocationClients } from '../api/shared/clients.js'
import type { DeliveryDispatcher } from '../deliveries/dispatcher.js'
import type { TriggerResult } from '../schemas/delivery.js'
import type { TriggerEvent } from '../schemas/event.js'
import type { HookSettings, SeedBody } from '../schemas/hooks-settings/settings.js'
import type { Change } from '../store/collections.js'
import type { Store } from '../store/store.js'
import type { FaultTable } from './faults.js'
import type { LocationOptions } from './location-options.js'
import type { RequestJournal } from './request-journal.js'
import type { Timeline } from './timeline.js'

/**
 * What the mock's own surface does, shared by the /__mock/ routes and the
 * programmatic API: seed, trigger, reset. Location ids keep parallel tests
 * apart: nothing here touches another location's state.
 */
export class MockControl {
  constructor(
    readonly store: Store,
    readonly deliveries: DeliveryDispatcher,
    readonly requests: RequestJournal,
    readonly locations: LocationOptions,
    readonly faults: FaultTable,
    readonly marketplace: Marketplace,
    readonly clients: LocationClients,
    readonly timeline: Timeline,
  ) {}

  /** A location's settings in the current backend's shape, whatever backend answers the API. */
  settings(locationId: number): HookSettings {
    return toHookSettings(this.store.get('locations', String(locationId)), locationId)
  }

  /** Saves settings as POST would (or with flags per URL), without auth or warnings. */
  async seed(locationId: number, body: SeedBody): Promise<HookSettings> {
    const stored = fromSeedBody(body)
    await this.store.commit([
      { op: 'put', collection: 'locations', key: String(locationId), value: stored },
    ])
    return toHookSettings(stored, locationId)
  }

  trigger(locationId: number, events: TriggerEvent[]): TriggerResult {
    // The latest settings: a trigger sent right after a POST delivers as that POST says.
    return this.timeline.trigger(locationId, events, () =>
      this.deliveries.trigger(
        locationId,
        this.store.latest.get('locations', String(locationId)),
        events,
        this.clients.fixesOf(locationId),
      ),
    )
  }

  /**
   * One location's settings, installations, fixed clients, options, faults, deliveries and
   * requests, or everything (the start applications are registered again).
   * The stored part goes first, in one commit: when the disk refuses it,
   * nothing is reset.
   */
  async reset(locationId?: number): Promise<void> {
    await this.store.update((latest) => {
      const changes: Change[] = []
      if (locationId === undefined) changes.push({ op: 'clear' })
      else if (latest.get('locations', String(locationId))) {
        changes.push({ op: 'delete', collection: 'locations', key: String(locationId) })
      }
      changes.push(...this.marketplace.resetChanges(locationId))
      changes.push(...this.clients.resetChanges(locationId, latest))
      return { changes, result: undefined }
    })
    this.locations.reset(locationId)
    this.faults.reset(locationId)
    this.deliveries.reset(locationId)
    this.requests.reset(locationId)
  }
}
