import { clockInput } from '../clock/clock-api.js'
import type { ClockReading } from '../clock/clock-control.js'
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
  noFault,
} from '../control/code-input.js'
import type { LocationBehaviour } from '../control/location-options.js'
import type { RequestFilter } from '../control/request-journal.js'
import type { SnapshotSummary } from '../control/snapshots.js'
import type { DeliveryFilter } from '../deliveries/filter.js'
import { WaitEndedError, WaitTimeoutError } from '../deliveries/waiters.js'
import type { DriftSummary } from '../drift/report.js'
import type { WebhookComparison } from '../drift/webhook.js'
import type { AltegioMock } from '../mock.js'
import type { LocationClient } from '../schemas/clients.js'
import type { Delivery, TriggerResult } from '../schemas/delivery.js'
import type { Fault } from '../schemas/faults.js'
import type { HookSettings } from '../schemas/hooks-settings/settings.js'
import type { RequestEntry } from '../schemas/request-entry.js'
import type { TimelineEntry } from '../schemas/timeline.js'
import type { StateDocumentJson } from '../store/data-file.js'
import {
  baseUrl,
  type ConnectOptions,
  isNoRoute,
  MockHttp,
  type Refused,
  type Reply,
} from './http.js'
import { remoteMarketplace } from './marketplace.js'
import { remoteVoip } from './voip.js'

export type { ConnectOptions } from './http.js'

/** The most a list route answers at once, and the most events one batch takes. */
const PAGE = 1000
/**
 * A wait is held in slices of at most this long: fetch (undici) gives up on
 * an answer whose headers take 300 s, and the route holds up to 600 s. Each
 * slice counts every matching delivery finished so far, so slicing changes
 * nothing of what the wait answers.
 */
const WAIT_SLICE_MS = 240_000

/** A query string of the filter's given values (and the page's, for a list read a page at a time). */
function query(filter: object, page: { limit?: number; offset?: number } = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...filter, ...page })) {
    if (value !== undefined) params.set(key, String(value))
  }
  return params.toString()
}

/** What a wait's 408 or 409 means, as the local wait rejects: the same class and reason. */
function waitError(reply: Refused, timeoutMs: number, sliced: boolean): Error | undefined {
  if (reply.status === 408) {
    let reason = reply.message.replace(/^Timed out: /, '').replace(/\. GET \/__mock\/.*$/, '')
    if (sliced) reason = reason.replace(/^waited \d+ ms/, `waited ${timeoutMs} ms`)
    return new WaitTimeoutError(reason)
  }
  if (reply.status === 409) {
    return new WaitEndedError(reply.message.replace(/^Wait ended: /, '').replace(/\.$/, ''))
  }
  return undefined
}

/**
 * The same AltegioMock as startAltegioMock() gives, for a mock that runs
 * elsewhere: the CLI, `docker run`, another process, or a vitest globalSetup
 * that provides its URL. Every method calls the mock's /__mock routes.
 *
 * `url` is the mock's base URL (`http://127.0.0.1:8080`); nothing is sent
 * until the first call, so a mock that does not answer is reported there
 * ("No mock answers at ...").
 *
 * Errors are those of the local mock: bad input throws the same TypeError
 * (checked here before sending, or the mock's 4xx text); a wait rejects with
 * WaitTimeoutError or WaitEndedError; the marketplace with MarketplaceRefusal.
 * A mock that cannot be reached, or something else answering, is an Error
 * naming the URL.
 *
 * Lists come whole: deliveries.list() and requests() read every page.
 *
 * close() does not stop the mock, which others may share: it ends this
 * connection. Requests under way are cut short (a pending waitFor rejects
 * with WaitEndedError) and later calls reject. Stop the mock where it was
 * started; `mock.reset()` forgets what a test left there.
 */
export function connectAltegioMock(url: string, options: ConnectOptions = {}): AltegioMock {
  const base = baseUrl(url)
  const http = new MockHttp(base, options)

  /** Every entry of a list route, a page at a time, until meta.next_offset is null. */
  async function everything<T>(path: string, filter: object): Promise<T[]> {
    const entries: T[] = []
    let offset = 0
    for (;;) {
      const reply = await http.request('GET', `${path}?${query(filter, { limit: PAGE, offset })}`)
      if (!reply.ok) throw http.error(reply)
      entries.push(...(reply.data as T[]))
      const next = (reply.meta as { next_offset?: number | null }).next_offset
      if (typeof next !== 'number') return entries
      offset = next
    }
  }

  async function trigger(locationId: number, events: Parameters<AltegioMock['trigger']>[1]) {
    checkId(locationId, 'locationId')
    const list = eventList(events)
    const path = `/locations/${locationId}/events`
    if (!Array.isArray(events)) return http.data<TriggerResult>('POST', path, events)
    const result: TriggerResult = { delivery_ids: [], events: [] }
    // The batch route takes up to PAGE events; the local trigger takes any number.
    for (let start = 0; start < list.length; start += PAGE) {
      const events = list.slice(start, start + PAGE)
      const part = await http.data<TriggerResult>('POST', `${path}/batch`, { events })
      result.delivery_ids.push(...part.delivery_ids)
      result.events.push(...part.events)
    }
    return result
  }

  async function waitFor({
    count,
    timeoutMs = 10_000,
    ...filter
  }: Parameters<AltegioMock['deliveries']['waitFor']>[0] = {}): Promise<Delivery[]> {
    // Slices are counted, not timed: a 408 that came early is not asked again and again.
    let left = timeoutMs
    for (let slices = 1; ; slices++) {
      const slice = Math.min(Math.max(0, left), WAIT_SLICE_MS)
      left -= slice
      let reply: Reply
      try {
        reply = await http.request('POST', '/deliveries/wait', {
          ...filter,
          count,
          timeout_ms: slice,
        })
      } catch (error) {
        if (http.closed) throw new WaitEndedError('the connection to the mock was closed')
        throw error
      }
      if (reply.ok) return reply.data as Delivery[]
      if (reply.status === 408 && left > 0) continue
      throw waitError(reply, timeoutMs, slices > 1) ?? http.error(reply)
    }
  }

  return {
    url: base,
    apiUrl: `${base}/api/v1`,
    async seed(locationId, settings) {
      checkId(locationId, 'locationId')
      checkSeed(settings)
      return http.data<HookSettings>('PUT', `/locations/${locationId}/settings`, settings)
    },
    async settings(locationId) {
      checkId(locationId, 'locationId')
      return http.data<HookSettings>('GET', `/locations/${locationId}/settings`)
    },
    async setOptions(locationId, options) {
      checkId(locationId, 'locationId')
      checkOptions(options)
      return http.data<LocationBehaviour>('PUT', `/locations/${locationId}/options`, options)
    },
    trigger,
    deliveries: {
      list: (filter: DeliveryFilter = {}) => everything<Delivery>('/deliveries', filter),
      waitFor,
      async redeliver(id, options = {}) {
        checkId(id, 'id')
        checkRedeliver(options)
        return http.data<{ delivery_id: number }>('POST', `/deliveries/${id}/redeliver`, options)
      },
      async redeliverMatching(filter = {}) {
        checkRedeliverFilter(filter)
        return http.data<{ delivery_ids: number[] }>('POST', '/deliveries/redeliver', filter)
      },
    },
    snapshots: {
      async take(name) {
        checkSnapshotName(name)
        return http.data<SnapshotSummary>('POST', '/snapshots', { name })
      },
      list: () => http.data<SnapshotSummary[]>('GET', '/snapshots'),
      async restore(name) {
        checkSnapshotName(name)
        return http.data<SnapshotSummary>('POST', `/snapshots/${name}/restore`)
      },
      async remove(name) {
        checkSnapshotName(name)
        return http.data<SnapshotSummary>('DELETE', `/snapshots/${name}`)
      },
    },
    state: {
      async export() {
        const reply = await http.request('GET', '/state', undefined, true)
        if (!reply.ok) throw http.error(reply)
        return reply.data as StateDocumentJson
      },
      import: (document) =>
        http.data<{ entries: Record<string, number> }>('PUT', '/state', document),
    },
    requests: (filter: RequestFilter = {}) => everything<RequestEntry>('/requests', filter),
    async timeline(filter = {}) {
      checkTimelineFilter(filter)
      const search = query(filter)
      return http.data<TimelineEntry[]>('GET', `/timeline${search === '' ? '' : `?${search}`}`)
    },
    faults: {
      async add(spec) {
        checkFault(spec)
        const fault = await http.data<Fault>('POST', '/faults', spec)
        return {
          ...fault,
          async remove() {
            // As the local one: removing a fault already gone is no error.
            const reply = await http.request('DELETE', `/faults/${fault.id}`)
            if (!reply.ok && (reply.status !== 404 || isNoRoute(reply))) throw http.error(reply)
          },
        }
      },
      list: () => http.data<Fault[]>('GET', '/faults'),
      async remove(id) {
        checkId(id, 'id')
        const reply = await http.request('DELETE', `/faults/${id}`)
        if (reply.ok) return
        throw reply.status === 404 && !isNoRoute(reply) ? noFault(id) : http.error(reply)
      },
    },
    clients: {
      async list(locationId) {
        checkId(locationId, 'locationId')
        return http.data<LocationClient[]>('GET', `/locations/${locationId}/clients`)
      },
      async fix(locationId, clientId, fields) {
        checkClientFix(locationId, clientId, fields)
        return http.data<LocationClient>(
          'PUT',
          `/locations/${locationId}/clients/${clientId}`,
          fields,
        )
      },
    },
    marketplace: remoteMarketplace(http),
    clock: {
      get: () => http.data<ClockReading>('GET', '/clock'),
      async set(now) {
        return http.data<ClockReading>('POST', '/clock', clockInput.set(now))
      },
      async advance(by) {
        return http.data<ClockReading>('POST', '/clock', clockInput.advance(by))
      },
      real: () => http.data<ClockReading>('POST', '/clock', { mode: 'real' }),
    },
    voip: remoteVoip(http),
    drift: {
      report: () => http.data<DriftSummary>('GET', '/drift'),
      async compareWebhook(capture) {
        checkCapture(capture)
        return http.data<WebhookComparison>('POST', '/drift/webhooks', capture)
      },
      async clear() {
        await http.data('DELETE', '/drift')
      },
    },
    async reset(locationId) {
      if (locationId === undefined) await http.data('POST', '/reset')
      else {
        checkId(locationId, 'locationId')
        await http.data('DELETE', `/locations/${locationId}`)
      }
    },
    async close() {
      http.close()
    },
  }
}
