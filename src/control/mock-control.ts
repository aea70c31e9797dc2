import { fromSeedBody, toHookSettings } from '../api/hooks-settings/settings-model.js'
import type { Marketplace } from '../api/marketplace/marketplace.js'
import type { LocationClients } from '../api/shared/clients.js'
import type { Voip } from '../api/voip/voip.js'
import type { ClockState } from '../clock/clock.js'
import type { ClockControl } from '../clock/clock-control.js'
import type { DeliveryDispatcher } from '../deliveries/dispatcher.js'
import type { WaitFilter } from '../deliveries/filter.js'
import type { DriftReport } from '../drift/report.js'
import { compareWebhook, type WebhookComparison } from '../drift/webhook.js'
import { AltegioError, validationFailed } from '../http/errors.js'
import type { TriggerResult } from '../schemas/delivery.js'
import type { TriggerEvent } from '../schemas/event.js'
import type { HookSettings, SeedBody } from '../schemas/hooks-settings/settings.js'
import {
  type Change,
  COLLECTIONS,
  copyState,
  emptyState,
  locationPart,
  replaceChanges,
  type State,
} from '../store/collections.js'
import {
  StateDocumentError,
  type StateDocumentJson,
  stateDocument,
  stateFromDocument,
} from '../store/data-file.js'
import type { Store } from '../store/store.js'
import type { FaultTable } from './faults.js'
import type { LocationOptions } from './location-options.js'
import type { RequestJournal } from './request-journal.js'
import {
  type SnapshotPart,
  type SnapshotSummary,
  Snapshots,
  summaryOf,
  takeSnapshot,
} from './snapshots.js'
import type { Timeline } from './timeline.js'

export interface ControlOptions {
  /** The clock of snapshots' created_at. */
  now: () => Date
  /** What a reset returns to (--initial-state): the whole of it, or a location's part. */
  initialState?: State | undefined
  /** How the upstream's answers and captured webhooks differ from the mock's (docs/drift.md). */
  drift: DriftReport
  /** The seed of generated entities, which a captured webhook is compared with. */
  seed: number
}

/** The 422 of a state document the data file's check refuses; nothing was changed. */
export function badStateDocument(error: StateDocumentError) {
  return validationFailed({
    body: [
      `The state document cannot be used: ${error.message}. Nothing was changed: send a document as GET /__mock/state answers it.`,
    ],
  })
}

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
    /** The mock's clock; what a snapshot keeps of it is its `state()`. */
    readonly clock: ClockControl,
    readonly voip: Voip,
    readonly timeline: Timeline,
    options: ControlOptions,
  ) {
    this.#now = options.now
    this.drift = options.drift
    this.#seed = options.seed
    this.#initial = options.initialState ?? emptyState()
    this.#parts = {
      location_options: {
        take: () => locations.take(),
        restore: (taken) => locations.restore(taken as never),
        count: (taken) => Object.keys(taken as object).length,
      },
      faults: {
        take: () => faults.take(),
        restore: (taken) => faults.restore(taken as never),
        count: (taken) => (taken as { faults: unknown[] }).faults.length,
      },
      clock: {
        take: () => clock.state(),
        // A jump to the time it stood at: nothing falls due by it.
        restore: (taken) => clock.restore(taken as ClockState),
        count: () => 1,
      },
    }
  }

  readonly snapshots = new Snapshots()
  /** How the upstream's answers and captured webhooks differ from the mock's (docs/drift.md). */
  readonly drift: DriftReport
  readonly #seed: number
  readonly #now: () => Date
  readonly #initial: State
  /** What a snapshot keeps beside the store, by name. */
  readonly #parts: Record<string, SnapshotPart>

  /** A captured webhook body against the mock's entity for its resource; joins the drift report. */
  compareWebhook(capture: unknown): WebhookComparison {
    const comparison = compareWebhook(capture, this.#seed)
    this.drift.recordWebhook(comparison.resource, comparison.differences)
    return comparison
  }

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
   * requests, or everything (the start applications are registered again,
   * the clock runs in real time again).
   * The stored part goes first, in one commit: when the disk refuses it,
   * nothing is reset.
   */
  async reset(locationId?: number): Promise<void> {
    await this.store.update((latest) => {
      if (locationId === undefined) {
        // The initial state, then the start applications over it, as a start does.
        const changes = replaceChanges(this.#initial)
        changes.push(...this.marketplace.resetChanges())
        changes.push(...this.voip.resetChanges())
        return { changes, result: undefined }
      }
      const changes: Change[] = []
      if (latest.get('locations', String(locationId))) {
        changes.push({ op: 'delete', collection: 'locations', key: String(locationId) })
      }
      changes.push(...this.marketplace.resetChanges(locationId))
      changes.push(...this.clients.resetChanges(locationId, latest))
      changes.push(...this.voip.resetChanges(locationId))
      // Then the location's part of the initial state, in every collection.
      changes.push(...locationPart(this.#initial, locationId))
      return { changes, result: undefined }
    })
    this.locations.reset(locationId)
    this.faults.reset(locationId)
    this.deliveries.reset(locationId)
    this.requests.reset(locationId)
    this.timeline.reset(locationId)
    if (locationId === undefined) await this.clock.reset()
    this.voip.notifications.reset(locationId)
  }

  /** Keeps the whole state under `name` (replacing a snapshot of that name); 409 past the bounds. */
  takeSnapshot(name: string): SnapshotSummary {
    const snapshot = takeSnapshot(
      name,
      this.#now().toISOString(),
      copyState(this.store.latest),
      this.#parts,
    )
    this.snapshots.add(snapshot)
    return summaryOf(snapshot, this.#parts)
  }

  listSnapshots(): SnapshotSummary[] {
    return this.snapshots.list(this.#parts)
  }

  /** Brings a snapshot back, on disk in one commit; pending deliveries and waits end as a reset ends them. */
  async restoreSnapshot(name: string): Promise<SnapshotSummary> {
    const snapshot = this.snapshots.get(name)
    await this.#replace(snapshot.stored, snapshot.parts)
    return summaryOf(snapshot, this.#parts)
  }

  deleteSnapshot(name: string): SnapshotSummary {
    const snapshot = this.snapshots.get(name)
    const summary = summaryOf(snapshot, this.#parts)
    this.snapshots.remove(name)
    return summary
  }

  /** The stored state as one document: the data file's format, versioned. */
  exportState(): StateDocumentJson {
    return stateDocument(copyState(this.store.latest))
  }

  /**
   * Replaces the state with a document, checked as the data file is at
   * start; a bad one changes nothing (422). Options, faults and the
   * journals are reset, as a reset to this state.
   */
  async importState(document: unknown): Promise<{ entries: Record<string, number> }> {
    let state: State
    try {
      state = stateFromDocument(document)
    } catch (error) {
      if (error instanceof StateDocumentError) throw badStateDocument(error)
      throw error
    }
    await this.#replace(state)
    return { entries: Object.fromEntries(COLLECTIONS.map((name) => [name, state[name].size])) }
  }

  /** The store holds `stored` alone (one commit); the parts are put back (or reset), the journals reset. */
  async #replace(stored: State, parts?: Record<string, unknown>): Promise<void> {
    await this.store.commit(replaceChanges(stored))
    if (parts) {
      for (const [name, part] of Object.entries(this.#parts)) await part.restore(parts[name])
    } else {
      this.locations.reset()
      this.faults.reset()
      await this.clock.reset()
    }
    this.deliveries.reset()
    this.requests.reset()
    this.timeline.reset()
    // As a reset: the pop-ups' journal is emptied and its waits end.
    this.voip.notifications.reset()
  }

  /** A delivery sent again as a new one, to `url` or with `data` instead; 404 when the journal no longer has it. */
  redeliver(
    id: number,
    edit: { url?: string; data?: Record<string, unknown> } = {},
  ): {
    delivery_id: number
  } {
    const body = edit.data === undefined ? undefined : JSON.stringify(edit.data)
    const result = this.deliveries.redeliver(id, { url: edit.url, body })
    if (!result) throw this.#noDelivery(id)
    if ('refused' in result) throw refusedRedelivery(result.refused)
    return result
  }

  /** Every finished delivery matching again (default: the failed ones), as Svix recovers failed messages. */
  redeliverMatching(filter: Pick<WaitFilter, 'location_id' | 'state' | 'since'>): {
    delivery_ids: number[]
  } {
    const result = this.deliveries.redeliverMatching({ ...filter, state: filter.state ?? 'failed' })
    if ('refused' in result) throw refusedRedelivery(result.refused)
    return result
  }

  #noDelivery(id: number): AltegioError {
    const next = this.deliveries.nextId
    if (id < next) {
      return new AltegioError(
        404,
        `Delivery ${id} is no longer in the journal: it was dropped from the bounded journal (--max-deliveries, --max-delivery-bytes keep the newest finished ones) or a reset forgot it, so it cannot be redelivered. Redeliver it sooner, or start the mock with a larger --max-deliveries.`,
      )
    }
    return new AltegioError(
      404,
      `No delivery ${id}: ${next === 1 ? 'the mock has made none yet' : `the mock has made deliveries 1 to ${next - 1}`}. Redeliver an id that GET /__mock/deliveries lists.`,
    )
  }
}

/** The pending bounds refused a redelivery: nothing was sent. */
const refusedRedelivery = (refusal: string) =>
  new AltegioError(
    409,
    `Nothing was redelivered: ${refusal.replace(/^dropped: /, '')}. Wait for pending deliveries to finish (POST /__mock/deliveries/wait), then redeliver.`,
  )
