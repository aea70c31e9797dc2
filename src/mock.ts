import type { FastifyInstance } from 'fastify'
import type { RequestEntry, RequestFilter } from './control/request-journal.js'
import type { Delivery, DeliveryFilter, TriggerResult } from './deliveries/types.js'
import { TriggerEvent } from './schemas/event.js'
import type { HookSettings, HookSettingsBody } from './schemas/hook-settings.js'
import { RULE, TypeCompiler } from './schemas/typebox.js'
import { type StartOptions, startServer } from './server.js'

export type AltegioMockOptions = Partial<StartOptions>

export interface WaitOptions extends DeliveryFilter {
  /** How many matching deliveries must finish (default 1). */
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
  /** The fastify app, e.g. for inject(). */
  readonly app: FastifyInstance
  /** Saves a location's settings as POST would, without auth or warnings. */
  seed(locationId: number, settings: HookSettingsBody): Promise<HookSettings>
  /** A location's settings as GET answers them. */
  settings(locationId: number): HookSettings
  /** Triggers events; returns at once with the ids of the deliveries they produced. */
  trigger(locationId: number, events: TriggerEvent | TriggerEvent[]): TriggerResult
  deliveries: {
    list(filter?: DeliveryFilter): Delivery[]
    /** Resolves once `count` matching deliveries have finished; rejects on timeout. */
    waitFor(options?: WaitOptions): Promise<Delivery[]>
  }
  /** Requests to the Altegio routes, with their conformance warnings. */
  requests(filter?: RequestFilter): RequestEntry[]
  /** Forgets one location (settings, deliveries, requests), or everything. */
  reset(locationId?: number): Promise<void>
  /** Stops the server, cancels pending deliveries, finishes every write. */
  close(): Promise<void>
}

const checkEvent = TypeCompiler.Compile(TriggerEvent)

function assertEvents(events: TriggerEvent[]): void {
  events.forEach((event, index) => {
    // Check is the compiled fast path; Errors walks the whole value, so it
    // runs only to explain a failure.
    if (checkEvent.Check(event)) return
    const [error] = checkEvent.Errors(event)
    if (error) {
      const rule =
        (error.schema as Record<string, unknown>)[RULE] ?? `is not valid (${error.message})`
      throw new TypeError(
        `event ${index}${error.path.replace(/\//g, '.')} ${rule}, got ${JSON.stringify(error.value)}.`,
      )
    }
  })
}

/**
 * Starts a mock for a test suite: by default on a free port of 127.0.0.1,
 * settings in memory, webhooks sent at once.
 */
export async function startAltegioMock(options: AltegioMockOptions = {}): Promise<AltegioMock> {
  const running = await startServer({ port: 0, host: '127.0.0.1', data: ':memory:', ...options })
  const control = running.app.mock
  return {
    url: running.url,
    apiUrl: `${running.url}/api/v1`,
    app: running.app,
    seed: (locationId, settings) => control.seed(locationId, settings),
    settings: (locationId) => control.settings(locationId),
    trigger(locationId, events) {
      const list = Array.isArray(events) ? events : [events]
      assertEvents(list)
      return control.trigger(locationId, list)
    },
    deliveries: {
      list: (filter) => control.deliveries.list(filter),
      waitFor: ({ count = 1, timeoutMs = 10_000, ...filter } = {}) =>
        control.deliveries.waitFor(filter, count, timeoutMs),
    },
    requests: (filter) => control.requests.list(filter),
    reset: (locationId) => control.reset(locationId),
    close: () => running.close(),
  }
}
