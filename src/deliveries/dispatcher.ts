import { performance } from 'node:perf_hooks'
import type { MockConfig } from '../config/index.js'
import type { LocationOptions } from '../control/location-options.js'
import type { Delivery, TriggeredEvent, TriggerResult } from '../schemas/delivery.js'
import { type LifecycleEvent, type TriggerEvent, toResource } from '../schemas/event.js'
import type { StoredSettings } from '../schemas/hook-settings.js'
import { DeliveryJournal, type DeliveryRecord, toDelivery } from './delivery-journal.js'
import type { DeliveryFilter } from './filter.js'
import { locationSkipReason, urlSkipReason } from './gating.js'
import { payloadJson } from './payload.js'
import { DeliveryQuirks } from './quirks.js'
import { Waiters } from './waiters.js'
import type { WebhookClient } from './webhook-client.js'

export type DeliveryOptions = Pick<
  MockConfig,
  | 'deliveryDelayMs'
  | 'deliveryRetries'
  | 'deliveryRetryDelayMs'
  | 'deliveryToken'
  | 'maxDeliveries'
  | 'maxDeliveryBytes'
  | 'maxPendingDeliveries'
  | 'maxPendingBytes'
  | 'seed'
>

interface Task {
  delivery: DeliveryRecord
  headers: Record<string, string>
  timer?: NodeJS.Timeout | undefined
  controller?: AbortController | undefined
  cancelled: boolean
}

/** A reorder window of one location's URL: tasks held until it fills or its time is up. */
interface Held {
  tasks: Task[]
  timer: NodeJS.Timeout
}

/** How long a reorder window waits to fill before it sends what it holds. */
const REORDER_WINDOW_MS = 100

/** Lifecycle callbacks: JSON, and the v2 Accept their Developer Tools page lists. */
const LIFECYCLE_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  accept: 'application/vnd.api.v2+json',
  'user-agent': 'altegio-hooks-mock',
}

/**
 * Sends events as webhooks the way the platform does (contract section 4):
 * one delivery per URL whose own flags allow it, retries for transport
 * errors, 429 and 5xx, a journal of every attempt, and waits that resolve
 * when deliveries finish. `trigger` schedules and returns ids; nothing here
 * blocks a caller.
 */
export class DeliveryDispatcher {
  readonly #send: WebhookClient
  readonly #options: DeliveryOptions
  readonly #now: () => Date
  readonly #journal: DeliveryJournal
  readonly #tasks = new Map<number, Task>()
  readonly #waiters = new Waiters()
  readonly #locations: LocationOptions
  readonly #quirks: DeliveryQuirks
  readonly #held = new Map<string, Held>()
  /** One object for every webhook: the headers never change after start. */
  readonly #webhookHeaders: Record<string, string>
  #nextId = 1

  constructor(
    send: WebhookClient,
    options: DeliveryOptions,
    now: () => Date,
    locations: LocationOptions,
  ) {
    this.#send = send
    this.#options = options
    this.#now = now
    this.#locations = locations
    this.#quirks = new DeliveryQuirks(options.seed)
    this.#journal = new DeliveryJournal(options)
    this.#webhookHeaders = {
      'content-type': 'application/json',
      'user-agent': 'altegio-hooks-mock',
    }
    if (options.deliveryToken)
      this.#webhookHeaders.authorization = `Bearer ${options.deliveryToken}`
  }

  /** How many entries the bounds dropped: finished ones from the journal, new ones from a full queue. */
  get dropped(): { journal: number; queue: number } {
    return this.#journal.dropped
  }

  get pending(): number {
    return this.#journal.pending
  }

  trigger(
    locationId: number,
    settings: StoredSettings | undefined,
    events: TriggerEvent[],
  ): TriggerResult {
    const result: TriggerResult = { delivery_ids: [], events: [] }
    for (const event of events) {
      const triggered = this.#triggerOne(locationId, settings, event)
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
      body,
      size,
      state: 'scheduled',
      attempts: [],
      created_at: this.#now().toISOString(),
      finished_at: null,
    }
    this.#journal.add(delivery)
    const task: Task = { delivery, headers: LIFECYCLE_HEADERS, cancelled: false }
    this.#tasks.set(delivery.id, task)
    this.#later(task, this.#options.deliveryDelayMs)
    return { delivery_id: delivery.id, skipped: null }
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
    const deliveries: Delivery[] = []
    let total = 0
    let bytes = 0
    for (const record of this.#journal.matching(filter)) {
      total += 1
      if (total <= offset || deliveries.length >= limit) continue
      // One delivery always fits, so a page is never empty while some remain.
      if (deliveries.length > 0 && bytes + record.size > maxBytes) {
        limit = deliveries.length
        continue
      }
      bytes += record.size
      deliveries.push(toDelivery(record))
    }
    return { deliveries, total }
  }

  get(id: number): Delivery | undefined {
    const record = this.#journal.get(id)
    return record && toDelivery(record)
  }

  /**
   * Resolves with the finished deliveries matching `filter` once at least
   * `count` of them have finished, counting those that already have; rejects
   * with WaitTimeoutError after `timeoutMs`.
   */
  async waitFor(filter: DeliveryFilter, count: number, timeoutMs: number): Promise<Delivery[]> {
    const progress = () => {
      let finished = 0
      let pending = 0
      for (const record of this.#journal.matching(filter)) {
        if (record.finished_at === null) pending += 1
        else finished += 1
      }
      return { finished, pending }
    }
    await this.#waiters.add(filter, count, progress().finished, timeoutMs, progress)
    return this.list(filter).filter((d) => d.finished_at !== null)
  }

  /** Forgets one location's deliveries (or all): cancels pending ones, clears the journal, ends waits. */
  reset(locationId?: number): void {
    const hit = (d: DeliveryRecord) => locationId === undefined || d.location_id === locationId
    for (const task of this.#tasks.values()) if (hit(task.delivery)) this.#cancel(task)
    for (const [key, held] of this.#held) {
      if (held.tasks.every((task) => task.cancelled)) {
        clearTimeout(held.timer)
        this.#held.delete(key)
      }
    }
    this.#quirks.reset(locationId)
    this.#journal.remove(hit)
    this.#waiters.end('the mock was reset while waiting for deliveries', locationId)
    if (locationId === undefined) this.#journal.clearDropped()
  }

  /** Cancels everything pending; the journal stays readable. */
  close(): void {
    for (const task of this.#tasks.values()) this.#cancel(task)
    this.#waiters.end('the mock is stopping')
  }

  #triggerOne(
    locationId: number,
    settings: StoredSettings | undefined,
    event: TriggerEvent,
  ): TriggeredEvent {
    const resource = toResource(event.resource)
    // Schedule events always arrive as update (contract section 4).
    const status = resource === 'schedule' ? 'update' : (event.status ?? 'update')
    const selfCaused = event.self_caused ?? false
    const base = { resource, status, resource_id: event.resource_id } as const
    const skip = (reason: string, skipped_urls: TriggeredEvent['skipped_urls'] = []) => ({
      ...base,
      delivery_ids: [],
      skipped: reason,
      skipped_urls,
    })
    const none = locationSkipReason(locationId, settings)
    if (none || !settings) return skip(none ?? 'no settings')
    const targets: string[] = []
    const skippedUrls: TriggeredEvent['skipped_urls'] = []
    for (const entry of settings.url_settings) {
      const reason = urlSkipReason(entry, resource, selfCaused)
      if (reason) skippedUrls.push({ url: entry.url, reason })
      else targets.push(entry.url)
    }
    if (targets.length === 0) {
      const reasons = [...new Set(skippedUrls.map((s) => s.reason))]
      return skip(reasons.length === 1 ? (reasons[0] as string) : reasons.join('; '), skippedUrls)
    }
    const body = payloadJson(this.#options.seed, locationId, resource, status, event)
    const size = Buffer.byteLength(body)
    const behaviour = this.#locations.get(locationId)
    // Each URL's delivery, and a second one where the platform's duplicates are asked for.
    const plan = targets.flatMap((url) =>
      this.#quirks.duplicate(locationId, behaviour) ? [url, url] : [url],
    )
    const refusal = this.#journal.refusal(plan.length, size)
    if (refusal) {
      this.#journal.refused()
      return skip(refusal, skippedUrls)
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
        body,
        size,
        state: 'scheduled',
        attempts: [],
        created_at: created,
        finished_at: null,
      }
      previous = repeat ? undefined : delivery
      this.#journal.add(delivery)
      const task: Task = { delivery, headers: this.#webhookHeaders, cancelled: false }
      this.#tasks.set(delivery.id, task)
      if (behaviour.reorder > 1) this.#hold(task, behaviour.reorder, behaviour.delivery_delay_ms)
      else this.#later(task, behaviour.delivery_delay_ms)
      ids.push(delivery.id)
    }
    return { ...base, delivery_ids: ids, skipped: null, skipped_urls: skippedUrls }
  }

  /**
   * Holds a task in its URL's reorder window; a full window, or one whose
   * time is up, is sent in a shuffled order (drawn from --seed).
   */
  #hold(task: Task, size: number, delayMs: number): void {
    const key = `${task.delivery.location_id} ${task.delivery.url}`
    let held = this.#held.get(key)
    if (!held) {
      held = { tasks: [], timer: setTimeout(() => this.#release(key, delayMs), REORDER_WINDOW_MS) }
      this.#held.set(key, held)
    }
    held.tasks.push(task)
    if (held.tasks.length >= size) this.#release(key, delayMs)
  }

  #release(key: string, delayMs: number): void {
    const held = this.#held.get(key)
    if (!held) return
    this.#held.delete(key)
    clearTimeout(held.timer)
    const waiting = held.tasks.filter((task) => !task.cancelled)
    const locationId = waiting[0]?.delivery.location_id ?? 0
    for (const task of this.#quirks.shuffle(locationId, waiting)) this.#later(task, delayMs)
  }

  /** Hands the attempt to the client (whose lanes keep 8 in flight per URL), now or after `ms`. */
  #later(task: Task, ms: number): void {
    if (ms <= 0) {
      void this.#attempt(task)
      return
    }
    task.timer = setTimeout(() => {
      task.timer = undefined
      void this.#attempt(task)
    }, ms)
  }

  async #attempt(task: Task): Promise<void> {
    const { delivery } = task
    delivery.state = 'sending'
    task.controller = new AbortController()
    const startedAt = this.#now()
    const started = performance.now()
    const outcome = await this.#send({
      url: delivery.url,
      body: delivery.body,
      headers: task.headers,
      signal: task.controller.signal,
    })
    if (task.cancelled) return
    task.controller = undefined
    const statusCode = 'statusCode' in outcome ? outcome.statusCode : null
    // The client's own timing, where it has one: the attempt, not a wait in its lane.
    delivery.attempts.push({
      attempt: delivery.attempts.length + 1,
      started_at: new Date(outcome.startedAt ?? startedAt.getTime()).toISOString(),
      duration_ms: Math.round((outcome.durationMs ?? performance.now() - started) * 10) / 10,
      status_code: statusCode,
      error: 'error' in outcome ? outcome.error : null,
    })
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      this.#finish(task, 'delivered')
      return
    }
    // HUB: transport errors, 429 and 5xx are retried; other answers are final.
    const retryable = statusCode === null || statusCode === 429 || statusCode >= 500
    if (retryable && delivery.attempts.length <= this.#options.deliveryRetries) {
      delivery.state = 'retrying'
      this.#later(task, this.#options.deliveryRetryDelayMs)
      return
    }
    this.#finish(task, 'failed')
  }

  #finish(task: Task, state: 'delivered' | 'failed'): void {
    const { delivery } = task
    delivery.state = state
    delivery.finished_at = this.#now().toISOString()
    this.#tasks.delete(delivery.id)
    this.#journal.finish(delivery)
    this.#waiters.finished(delivery)
  }

  #cancel(task: Task): void {
    task.cancelled = true
    clearTimeout(task.timer)
    task.controller?.abort()
    this.#tasks.delete(task.delivery.id)
  }
}
