import type { FastifyInstance } from 'fastify'
import { type MarketplaceApi, marketplaceApi } from './api/marketplace/api.js'
import { type VoipApi, voipApi } from './api/voip/api.js'
import { type ClockApi, clockApi } from './clock/clock-api.js'
import type { MockConfig } from './config/index.js'
import {
  checkCapture,
  checkClientFix,
  checkFault,
  checkId,
  checkOptions,
  checkRedeliver,
  checkRedeliverFilter,
  checkSeed,
  checkSnapshotName,
  checkTimelineFilter,
  eventList,
  fieldErrorText,
  inCode,
  noFault,
} from './control/code-input.js'
import type { LocationBehaviour } from './control/location-options.js'
import type { RequestFilter } from './control/request-journal.js'
import type { SnapshotSummary } from './control/snapshots.js'
import type { DeliveryFilter, WaitFilter } from './deliveries/filter.js'
import type { DriftSummary } from './drift/report.js'
import type { WebhookComparison } from './drift/webhook.js'
import type { AltegioError } from './http/errors.js'
import type { ClientFixBody, LocationClient } from './schemas/clients.js'
import type { LocationOptionsBody } from './schemas/control.js'
import type { Delivery, TriggerResult } from './schemas/delivery.js'
import type { TriggerEvent } from './schemas/event.js'
import type { Fault, FaultSpec } from './schemas/faults.js'
import type { HookSettings, SeedBody } from './schemas/hooks-settings/settings.js'
import type { RequestEntry } from './schemas/request-entry.js'
import type { TimelineEntry } from './schemas/timeline.js'
import { type StartOptions, startServer } from './server.js'
import type { StateDocumentJson } from './store/data-file.js'

/** Which entries `timeline()` lists: one location's, only the failed ones. */
export interface TimelineFilter {
  location_id?: number
  failed?: boolean
}

export type AltegioMockOptions = Partial<MockConfig> & Pick<StartOptions, 'webhookClient' | 'now'>

/** Where a redelivery goes instead, and what it sends instead: both optional. */
export interface RedeliverOptions {
  url?: string
  /** The payload to send, whole, instead of the original one. */
  data?: Record<string, unknown>
}

/** Which finished deliveries `redeliverMatching` sends again; `state` defaults to failed. */
export interface RedeliverFilter {
  location_id?: number
  state?: 'failed' | 'delivered'
  /** Only deliveries made at or after this time (ISO 8601). */
  since?: string
}

export interface WaitOptions extends WaitFilter {
  /** How many matching deliveries must finish (default 1, or every id in `delivery_ids`). */
  count?: number
  /** Rejects after this long (default 10000). */
  timeoutMs?: number
}

/** A running mock, as a test suite drives it. */
export interface AltegioMock {
  /** http://127.0.0.1:PORT */
  readonly url: string
  /** `${url}/api/v1`: the base URL to give an Altegio client. */
  readonly apiUrl: string
  /** Saves a location's settings as POST would (or `{url_settings: [...]}`, flags per URL). */
  seed(locationId: number, settings: SeedBody): Promise<HookSettings>
  /** A location's settings as the current backend's GET answers them. */
  settings(locationId: number): Promise<HookSettings>
  /** How the mock behaves for a location: `{backend: 'legacy'}`; a reset forgets it. */
  setOptions(locationId: number, options: LocationOptionsBody): Promise<LocationBehaviour>
  /** Triggers events; resolves at once with the ids of the deliveries they produced. */
  trigger(locationId: number, events: TriggerEvent | TriggerEvent[]): Promise<TriggerResult>
  deliveries: {
    list(filter?: DeliveryFilter): Promise<Delivery[]>
    /** Resolves once `count` matching deliveries have finished; rejects on timeout. */
    waitFor(options?: WaitOptions): Promise<Delivery[]>
    /** Sends a delivery again as a new one (`redelivery_of`), elsewhere or edited; no gating. */
    redeliver(id: number, options?: RedeliverOptions): Promise<{ delivery_id: number }>
    /** Every finished delivery matching again (default: the failed ones). */
    redeliverMatching(filter?: RedeliverFilter): Promise<{ delivery_ids: number[] }>
  }
  /** Named snapshots of the whole state, kept in memory by the mock. */
  snapshots: {
    take(name: string): Promise<SnapshotSummary>
    list(): Promise<SnapshotSummary[]>
    /** Brings it back, on disk too; pending deliveries and waits end as a reset ends them. */
    restore(name: string): Promise<SnapshotSummary>
    remove(name: string): Promise<SnapshotSummary>
  }
  /** The stored state as one document (the data file's format), and its replacement by one. */
  state: {
    export(): Promise<StateDocumentJson>
    /** Checked as the data file is at start: a bad document changes nothing (TypeError). */
    import(document: unknown): Promise<{ entries: Record<string, number> }>
  }
  /** Requests to the Altegio routes, with their conformance warnings. */
  requests(filter?: RequestFilter): Promise<RequestEntry[]>
  /**
   * What happened, oldest first, linked cause to effect: requests, triggers,
   * deliveries, attempts, marketplace transitions (GET /__mock/timeline; the
   * newest 500, as the dashboard's backlog).
   */
  timeline(filter?: TimelineFilter): Promise<TimelineEntry[]>
  faults: {
    /** Adds a fault (as POST /__mock/faults); `remove()` on the result takes it away. */
    add(spec: FaultSpec): Promise<Fault & { remove(): Promise<void> }>
    /** Every fault, with how often each fired. */
    list(): Promise<Fault[]>
    remove(id: number): Promise<void>
  }
  clients: {
    /** A location's clients, as its client and record webhooks carry them. */
    list(locationId: number): Promise<LocationClient[]>
    /** Fixes a client's name, surname, phone or e-mail: every later webhook and VoIP match uses them. */
    fix(locationId: number, clientId: number, fields: ClientFixBody): Promise<LocationClient>
  }
  /** The marketplace: applications, the owner's grant, installations, lifecycle events. */
  marketplace: MarketplaceApi
  /** The mock's clock, one per mock process: set, advance, run again (docs/clock.md). */
  clock: ClockApi
  /** The VoIP integration: CRM tokens with their routes, the incoming-call notifications. */
  voip: VoipApi
  /** How the platform (--upstream) and captured webhooks differ from the mock (docs/drift.md). */
  drift: {
    /** GET /__mock/drift: every difference by route and path, how often, the first example. */
    report(): Promise<DriftSummary>
    /** A webhook body as the platform sent it, against the mock's entity; joins the report. */
    compareWebhook(capture: unknown): Promise<WebhookComparison>
    /** Forgets the report. */
    clear(): Promise<void>
  }
  /** Forgets one location (settings, options, deliveries, requests), or everything. */
  reset(locationId?: number): Promise<void>
  /**
   * startAltegioMock: stops the server, cancels pending deliveries, finishes
   * every write. connectAltegioMock: ends the connection only (requests under
   * way are cut short, later calls reject); the mock runs on.
   */
  close(): Promise<void>
}

/** The mock started in this process: the app too, e.g. for inject(). */
export interface LocalAltegioMock extends AltegioMock {
  readonly app: FastifyInstance
}

/** `value` as JSON would carry it: a copy that shares nothing. */
const jsonCopy = <T>(value: T): T =>
  value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)

/**
 * Starts a mock for a test suite: by default on a free port of 127.0.0.1,
 * settings in memory, webhooks sent at once.
 */
export async function startAltegioMock(
  options: AltegioMockOptions = {},
): Promise<LocalAltegioMock> {
  const running = await startServer(options, 'code')
  const control = running.app.mock
  return {
    url: running.url,
    apiUrl: `${running.url}/api/v1`,
    app: running.app,
    async seed(locationId, settings) {
      checkId(locationId, 'locationId')
      checkSeed(settings)
      return control.seed(locationId, settings)
    },
    async settings(locationId) {
      checkId(locationId, 'locationId')
      return control.settings(locationId)
    },
    async setOptions(locationId, options) {
      checkId(locationId, 'locationId')
      checkOptions(options)
      return control.locations.set(locationId, options)
    },
    async trigger(locationId, events) {
      checkId(locationId, 'locationId')
      return control.trigger(locationId, eventList(events))
    },
    deliveries: {
      list: async (filter) => control.deliveries.list(filter),
      waitFor: ({ count, timeoutMs = 10_000, ...filter } = {}) =>
        control.deliveries.waitFor(filter, count, timeoutMs),
      async redeliver(id, options = {}) {
        checkId(id, 'id')
        checkRedeliver(options)
        return inCode(() => control.redeliver(id, options))
      },
      async redeliverMatching(filter = {}) {
        checkRedeliverFilter(filter)
        return inCode(() => control.redeliverMatching(filter))
      },
    },
    snapshots: {
      async take(name) {
        checkSnapshotName(name)
        return inCode(() => control.takeSnapshot(name))
      },
      list: async () => control.listSnapshots(),
      async restore(name) {
        checkSnapshotName(name)
        return inCode(() => control.restoreSnapshot(name))
      },
      async remove(name) {
        checkSnapshotName(name)
        return inCode(() => control.deleteSnapshot(name))
      },
    },
    state: {
      // Copies both ways, as over HTTP: the store's values are shared, never edited in place.
      export: async () => jsonCopy(control.exportState()),
      import: (document) => inCode(() => control.importState(jsonCopy(document))),
    },
    requests: async (filter) => control.requests.list(filter),
    async timeline(filter = {}) {
      checkTimelineFilter(filter)
      return control.timeline.entries(filter)
    },
    faults: {
      async add(spec) {
        checkFault(spec)
        let fault: Fault
        try {
          fault = control.faults.add(spec)
        } catch (error) {
          throw new TypeError(fieldErrorText((error as AltegioError).errors ?? {}))
        }
        return { ...fault, remove: async () => void control.faults.remove(fault.id) }
      },
      list: async () => control.faults.list(),
      async remove(id) {
        checkId(id, 'id')
        if (!control.faults.remove(id)) throw noFault(id)
      },
    },
    clients: {
      async list(locationId) {
        checkId(locationId, 'locationId')
        return control.clients.list(locationId)
      },
      async fix(locationId, clientId, fields) {
        checkClientFix(locationId, clientId, fields)
        try {
          return await control.clients.fix(locationId, clientId, fields)
        } catch (error) {
          throw new TypeError((error as AltegioError).message)
        }
      },
    },
    marketplace: marketplaceApi(control.marketplace),
    clock: clockApi(control.clock),
    voip: voipApi(control.voip),
    drift: {
      report: async () => control.drift.summary(),
      async compareWebhook(capture) {
        checkCapture(capture)
        return control.compareWebhook(capture)
      },
      clear: async () => control.drift.reset(),
    },
    async reset(locationId) {
      if (locationId !== undefined) checkId(locationId, 'locationId')
      return control.reset(locationId)
    },
    close: () => running.close(),
  }
}
