import type { ClockTimers } from '../clock/timers.js'
import type { MockConfig } from '../config/index.js'
import type { LocationOptions } from '../control/location-options.js'
import { type ConsoleLog, logs } from '../log/console.js'
import type { Delivery, TriggeredEvent, TriggerResult } from '../schemas/delivery.js'
import { type LifecycleEvent, type TriggerEvent, toResource } from '../schemas/event.js'
import type { StoredSettings } from '../schemas/hooks-settings/settings.js'
import { Attempts, type RetryOptions } from './attempts.js'
import {
  DeliveryJournal,
  type DeliveryRecord,
  type JournalBounds,
  toDelivery,
} from './delivery-journal.js'
import type { ClientFixes } from './entities/world.js'
import { type DeliveryFilter, maskCredentials, type WaitFilter } from './filter.js'
import { locationSkipReason, noTargetReason, urlTargets } from './gating.js'
import { payloadJson } from './payload.js'
import { DeliveryQuirks } from './quirks.js'
import { ReorderWindows } from './reorder.js'
import { Waiters } from './waiters.js'
import type { Sender } from './webhook-client.js'

/** What the live timeline hears from the dispatcher. */
export interface DeliveryObserver {
  created(delivery: DeliveryRecord): void
  attempted(delivery: DeliveryRecord, nextRetryAt: Date | null): void
}

/** The dispatcher's options, and those of the attempts and the journal it runs. */
export type DeliveryOptions = Pick<MockConfig, 'deliveryDelayMs' | 'deliveryToken' | 'seed'> &
  RetryOptions &
  JournalBounds

/** Lifecycle callbacks: JSON, and the v2 Accept their Developer Tools page lists. */
const LIFECYCLE_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  accept: 'application/vnd.api.v2+json',
  'user-agent': 'altegio-hooks-mock',
}

/** The webhooks' headers: one object for every webhook, as they never change after start. */
const webhookHeaders = (token: string | undefined): Record<string, string> => ({
  'content-type': 'application/json',
  'user-agent': 'altegio-hooks-mock',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
})

/**
 * Sends events as webhooks the way the platform does (contract section 4):
 * one delivery per URL whose own flags allow it, retries for transport
 * errors, 429 and 5xx, a journal of every attempt, and waits that resolve
 * when deliveries finish. `trigger` schedules and returns ids; nothing here
 * blocks a caller.
 */
export class DeliveryDispatcher {
  readonly #options: DeliveryOptions
  readonly #now: () => Date
  readonly #journal: DeliveryJournal
  readonly #waiters = new Waiters()
  readonly #locations: LocationOptions
  readonly #quirks: DeliveryQuirks
  readonly #attempts: Attempts
  readonly #reorder: ReorderWindows
  readonly #webhookHeaders: Record<string, string>
  readonly #log: ConsoleLog | undefined
  #nextId = 1
  /** The live timeline, told of each delivery and attempt (control/timeline.ts). */
  observer: DeliveryObserver | null = null

  constructor(
    send: Sender,
    options: DeliveryOptions,
    timers: ClockTimers,
    locations: LocationOptions,
    log?: ConsoleLog,
  ) {
    this.#log = log
    this.#options = options
    this.#now = () => timers.clock.now()
    this.#locations = locations
    this.#quirks = new DeliveryQuirks(options.seed)
    this.#journal = new DeliveryJournal(options)
    this.#attempts = new Attempts(
      send,
      options,
      timers,
      (delivery) => {
        this.#journal.finish(delivery)
        this.#waiters.finished(delivery)
        this.#logFinished(delivery)
      },
      (delivery, nextRetryAt) => this.observer?.attempted(delivery, nextRetryAt),
    )
    this.#reorder = new ReorderWindows(this.#quirks, timers, (task, ms) =>
      this.#attempts.later(task, ms),
    )
    this.#webhookHeaders = webhookHeaders(options.deliveryToken)
  }

  /** How many entries the bounds dropped: finished ones from the journal, new ones from a full queue. */
  get dropped(): { journal: number; queue: number } {
    return this.#journal.dropped
  }

  /** Waits for deliveries under way (a test can tell its wait has begun). */
  get waiting(): number {
    return this.#waiters.size
  }

  get pending(): number {
    return this.#journal.pending
  }

  trigger(
    locationId: number,
    settings: StoredSettings | undefined,
    events: TriggerEvent[],
    clientFixes?: ClientFixes,
  ): TriggerResult {
    const result: TriggerResult = { delivery_ids: [], events: [] }
    for (const event of events) {
      const triggered = this.#triggerOne(locationId, settings, event, clientFixes)
      result.events.push(triggered)
      result.delivery_ids.push(...triggered.delivery_ids)
    }
    return result
  }

  /**
   * Sends `body` to `url` as one delivery, gated by no settings: a marketplace
   * application's lifecycle callback. Retried, journaled and awaited like a
   * webhook; without the webhooks' Authorization (the body carries the
   * partner token). Answers the delivery id, or why the bounds refused it.
   */
  sendLifecycle(
    locationId: number,
    url: string,
    event: { status: LifecycleEvent; application_id: number },
    body: string,
  ): { delivery_id: number | null; skipped: string | null } {
    const size = Buffer.byteLength(body)
    const refusal = this.#journal.refusal(1, size)
    if (refusal) {
      this.#journal.refused()
      if (logs(this.#log, 'warn')) {
        this.#log.warn(
          { location_id: locationId, resource: 'application', status: event.status },
          `callback skipped: application ${event.application_id} ${event.status} at location ${locationId}: ${refusal}`,
        )
      }
      return { delivery_id: null, skipped: refusal }
    }
    const delivery: DeliveryRecord = {
      id: this.#nextId++,
      location_id: locationId,
      url,
      resource: 'application',
      status: event.status,
      resource_id: event.application_id,
      self_caused: false,
      duplicate_of: null,
      redelivery_of: null,
      body,
      size,
      state: 'scheduled',
      attempts: [],
      created_at: this.#now().toISOString(),
      finished_at: null,
    }
    this.#journal.add(delivery)
    this.observer?.created(delivery)
    const task = this.#attempts.track(delivery, LIFECYCLE_HEADERS)
    this.#attempts.later(task, this.#options.deliveryDelayMs)
    return { delivery_id: delivery.id, skipped: null }
  }

  /**
   * Sends a delivery again as a new one, to `url` or with `body` instead
   * when given: no gating (the platform redelivers what it sent), the same
   * headers, retries and journal. Undefined when the journal no longer holds it.
   */
  redeliver(
    id: number,
    edit: { url?: string | undefined; body?: string | undefined } = {},
  ): { delivery_id: number } | { refused: string } | undefined {
    const original = this.#journal.get(id)
    if (!original) return undefined
    const body = edit.body ?? original.body
    const size = edit.body === undefined ? original.size : Buffer.byteLength(body)
    const refusal = this.#journal.refusal(1, size)
    if (refusal) return { refused: refusal }
    return { delivery_id: this.#resend(original, edit.url ?? original.url, body, size) }
  }

  /**
   * Every finished delivery matching `filter` again, as Svix's "recover
   * failed messages since": all of them or, past the pending bounds, none.
   */
  redeliverMatching(filter: WaitFilter): { delivery_ids: number[] } | { refused: string } {
    const originals = Array.from(this.#journal.matching(filter)).filter(
      (d) => d.finished_at !== null,
    )
    if (originals.length === 0) return { delivery_ids: [] }
    const bytes = originals.reduce((sum, d) => sum + d.size, 0)
    const refusal = this.#journal.refusal(originals.length, Math.ceil(bytes / originals.length))
    if (refusal) return { refused: refusal }
    return { delivery_ids: originals.map((d) => this.#resend(d, d.url, d.body, d.size)) }
  }

  /** The id the next delivery gets: every lower one was made (and may be gone from the journal). */
  get nextId(): number {
    return this.#nextId
  }

  #resend(original: DeliveryRecord, url: string, body: string, size: number): number {
    const delivery: DeliveryRecord = {
      ...original,
      id: this.#nextId++,
      url,
      duplicate_of: null,
      redelivery_of: original.id,
      body,
      size,
      state: 'scheduled',
      attempts: [],
      created_at: this.#now().toISOString(),
      finished_at: null,
    }
    this.#journal.add(delivery)
    this.observer?.created(delivery)
    const lifecycle = original.resource === 'application'
    const task = this.#attempts.track(
      delivery,
      lifecycle ? LIFECYCLE_HEADERS : this.#webhookHeaders,
    )
    const delay = lifecycle
      ? this.#options.deliveryDelayMs
      : this.#locations.get(original.location_id).delivery_delay_ms
    this.#attempts.later(task, delay)
    return delivery.id
  }

  list(filter: DeliveryFilter = {}): Delivery[] {
    return Array.from(this.#journal.matching(filter), toDelivery)
  }

  /** Matching deliveries from `offset`, at most `limit` and about `maxBytes` of payloads. */
  page(
    filter: DeliveryFilter,
    offset: number,
    limit: number,
    maxBytes: number,
  ): { deliveries: Delivery[]; total: number } {
    return this.#journal.page(filter, offset, limit, maxBytes)
  }

  get(id: number): Delivery | undefined {
    const record = this.#journal.get(id)
    return record && toDelivery(record)
  }

  /**
   * Resolves with the finished deliveries matching `filter` once at least
   * `count` of them have finished, counting those still in the journal that
   * already have (name `delivery_ids`, `after_id` or `since` to leave earlier
   * ones out); rejects with WaitTimeoutError after `timeoutMs`. `count`
   * defaults to one, or to every id in `delivery_ids`.
   */
  async waitFor(filter: WaitFilter, count?: number, timeoutMs = 10_000): Promise<Delivery[]> {
    const wanted = count ?? filter.delivery_ids?.length ?? 1
    const progress = () => this.#journal.progress(filter)
    await this.#waiters.add(filter, wanted, progress().finished, timeoutMs, progress)
    return this.list(filter).filter((d) => d.finished_at !== null)
  }

  /** Forgets one location's deliveries (or all): cancels pending ones, clears the journal, ends waits. */
  reset(locationId?: number): void {
    const hit = (d: DeliveryRecord) => locationId === undefined || d.location_id === locationId
    this.#attempts.cancel(hit)
    this.#reorder.prune()
    this.#quirks.reset(locationId)
    this.#journal.remove(hit)
    this.#waiters.end('the mock was reset while waiting for deliveries', locationId)
    if (locationId === undefined) this.#journal.clearDropped()
  }

  /** Cancels everything pending; the journal stays readable. */
  close(): void {
    this.#attempts.cancel()
    this.#waiters.end('the mock is stopping')
  }

  #logFinished(delivery: DeliveryRecord): void {
    const failed = delivery.state === 'failed'
    if (!logs(this.#log, failed ? 'warn' : 'info')) return
    const last = delivery.attempts.at(-1)
    const answer =
      last?.status_code != null ? `HTTP ${last.status_code}` : (last?.error ?? 'no answer')
    const count = delivery.attempts.length
    const fields = {
      delivery_id: delivery.id,
      state: delivery.state,
      location_id: delivery.location_id,
      resource: delivery.resource,
      status: delivery.status,
      url: maskCredentials(delivery.url),
      attempts: count,
      status_code: last?.status_code ?? null,
      error: last?.error ?? null,
    }
    const what = `delivery ${delivery.id} (${delivery.resource} ${delivery.status} at location ${delivery.location_id}) to ${fields.url}`
    const tries = `${count} attempt${count === 1 ? '' : 's'}`
    if (failed) this.#log.warn(fields, `${what} failed: ${answer} after ${tries}`)
    else this.#log.info(fields, `${what} delivered: ${answer} after ${tries}`)
  }

  #triggerOne(
    locationId: number,
    settings: StoredSettings | undefined,
    event: TriggerEvent,
    clientFixes: ClientFixes | undefined,
  ): TriggeredEvent {
    const resource = toResource(event.resource)
    // Schedule events always arrive as update (contract section 4).
    const status = resource === 'schedule' ? 'update' : (event.status ?? 'update')
    const selfCaused = event.self_caused ?? false
    const base = { resource, status, resource_id: event.resource_id } as const
    const skip = (
      reason: string,
      skipped_urls: TriggeredEvent['skipped_urls'] = [],
      level: 'info' | 'warn' = 'info',
    ) => {
      if (logs(this.#log, level)) {
        this.#log[level](
          { location_id: locationId, resource, status, resource_id: event.resource_id },
          `event skipped: ${resource} ${status} ${event.resource_id} at location ${locationId}: ${reason}`,
        )
      }
      return { ...base, delivery_ids: [], skipped: reason, skipped_urls }
    }
    const none = locationSkipReason(locationId, settings)
    if (none || !settings) return skip(none ?? 'no settings')
    const { targets, skipped: skippedUrls } = urlTargets(settings, resource, selfCaused)
    if (targets.length === 0) return skip(noTargetReason(skippedUrls), skippedUrls)
    const body = payloadJson(this.#options.seed, locationId, resource, status, event, clientFixes)
    const size = Buffer.byteLength(body)
    const behaviour = this.#locations.get(locationId)
    // Each URL's delivery, and a second one where the platform's duplicates are asked for.
    const plan = targets.flatMap((url) =>
      this.#quirks.duplicate(locationId, behaviour) ? [url, url] : [url],
    )
    const refusal = this.#journal.refusal(plan.length, size)
    if (refusal) {
      this.#journal.refused()
      // An event the bounds drop is lost, not filtered out as asked: warn.
      return skip(refusal, skippedUrls, 'warn')
    }
    const created = this.#now().toISOString()
    const ids: number[] = []
    let previous: DeliveryRecord | undefined
    for (const url of plan) {
      const repeat = previous?.url === url ? previous : undefined
      const delivery: DeliveryRecord = {
        id: this.#nextId++,
        location_id: locationId,
        url,
        ...base,
        self_caused: selfCaused,
        duplicate_of: repeat ? repeat.id : null,
        redelivery_of: null,
        body,
        size,
        state: 'scheduled',
        attempts: [],
        created_at: created,
        finished_at: null,
      }
      previous = repeat ? undefined : delivery
      this.#journal.add(delivery)
      this.observer?.created(delivery)
      const task = this.#attempts.track(delivery, this.#webhookHeaders)
      if (behaviour.reorder > 1)
        this.#reorder.hold(task, behaviour.reorder, behaviour.delivery_delay_ms)
      else this.#attempts.later(task, behaviour.delivery_delay_ms)
      ids.push(delivery.id)
    }
    return {
      resource,
      status,
      resource_id: event.resource_id,
      delivery_ids: ids,
      skipped: null,
      skipped_urls: skippedUrls,
    }
  }
}
