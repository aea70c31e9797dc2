import { performance } from 'node:perf_hooks'
import { type TriggerEvent, toResource, type WebhookPayload } from '../schemas/event.js'
import type { StoredSettings } from '../schemas/hook-settings.js'
import { entityFor } from './entities.js'
import { skipReason } from './gating.js'
import {
  type Delivery,
  type DeliveryFilter,
  type DeliveryRecord,
  FINISHED_STATES,
  matches,
  type TriggeredEvent,
  type TriggerResult,
  toDelivery,
} from './types.js'
import type { WebhookClient } from './webhook-client.js'

export interface DeliveryOptions {
  /** Wait before the first attempt (the real platform: about 5 s). */
  delayMs: number
  /** Attempts after the first, for transport errors, 429 and 5xx (HUB: 2). */
  retries: number
  /** Wait between attempts (HUB: 1.5 s). */
  retryDelayMs: number
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string | undefined
  /** Finished deliveries kept in the journal; older ones are dropped. */
  maxJournal: number
  /** Deliveries not yet finished; events beyond are dropped and say so. */
  maxPending: number
  /** Attempts in flight to one URL at once, so a slow receiver holds back only itself. */
  maxConcurrentPerUrl: number
  /** Seed of the generated entities. */
  seed: number
}

export const DELIVERY_DEFAULTS: DeliveryOptions = {
  delayMs: 0,
  retries: 2,
  retryDelayMs: 1500,
  maxJournal: 1000,
  maxPending: 10_000,
  maxConcurrentPerUrl: 8,
  seed: 1,
}

/** A wait for deliveries that did not finish in time. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError'
}

interface Task {
  delivery: DeliveryRecord
  timer?: NodeJS.Timeout | undefined
  controller?: AbortController | undefined
  cancelled: boolean
}

interface Lane {
  active: number
  queue: Task[]
}

interface Waiter {
  filter: DeliveryFilter
  count: number
  seen: number
  resolve: (deliveries: Delivery[]) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

/**
 * Sends events as webhooks the way the platform does (contract section 4):
 * one delivery per URL, retries for transport errors, 429 and 5xx, a journal
 * of every attempt, and waits that resolve when deliveries finish. Nothing
 * here blocks a caller: `trigger` schedules and returns ids.
 */
export class DeliveryDispatcher {
  readonly #send: WebhookClient
  readonly #options: DeliveryOptions
  readonly #now: () => Date
  /** Every delivery still in the journal, oldest first. */
  readonly #deliveries = new Map<number, DeliveryRecord>()
  readonly #tasks = new Map<number, Task>()
  /** Ids of finished deliveries, oldest first: the journal's eviction order. */
  #finished: number[] = []
  readonly #lanes = new Map<string, Lane>()
  #waiters: Waiter[] = []
  #nextId = 1
  #dropped = { journal: 0, queue: 0 }

  constructor(
    send: WebhookClient,
    options: Partial<DeliveryOptions> = {},
    now: () => Date = () => new Date(),
  ) {
    this.#send = send
    this.#options = { ...DELIVERY_DEFAULTS, ...options }
    this.#now = now
  }

  /** How many entries the bounds dropped: finished ones from the journal, new ones from a full queue. */
  get dropped(): { journal: number; queue: number } {
    return { ...this.#dropped }
  }

  get pending(): number {
    return this.#tasks.size
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

  list(filter: DeliveryFilter = {}): Delivery[] {
    return this.#records(filter).map(toDelivery)
  }

  get(id: number): Delivery | undefined {
    const record = this.#deliveries.get(id)
    return record && toDelivery(record)
  }

  #records(filter: DeliveryFilter): DeliveryRecord[] {
    return [...this.#deliveries.values()].filter((d) => matches(filter, d))
  }

  #finishedRecords(filter: DeliveryFilter): DeliveryRecord[] {
    return this.#records(filter).filter((d) => FINISHED_STATES.includes(d.state))
  }

  /**
   * Resolves with the finished deliveries matching `filter` once at least
   * `count` of them have finished (delivered or failed), counting those that
   * already have; rejects with WaitTimeoutError after `timeoutMs`.
   */
  waitFor(filter: DeliveryFilter, count: number, timeoutMs: number): Promise<Delivery[]> {
    const finished = () => this.#finishedRecords(filter).map(toDelivery)
    const seen = this.#finishedRecords(filter).length
    if (seen >= count) return Promise.resolve(finished())
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        filter,
        count,
        seen,
        resolve: () => resolve(finished()),
        reject,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter)
          const all = this.#records(filter)
          const done = this.#finishedRecords(filter).length
          reject(
            new WaitTimeoutError(
              `waited ${timeoutMs} ms for ${count} finished deliveries matching ${describeFilter(filter)}; ${done} finished, ${all.length - done} still pending`,
            ),
          )
        }, timeoutMs),
      }
      this.#waiters.push(waiter)
    })
  }

  /** Forgets one location's deliveries (or all): cancels pending ones, clears the journal, ends waits. */
  reset(locationId?: number): void {
    const hit = (d: DeliveryRecord) => locationId === undefined || d.location_id === locationId
    for (const [id, task] of this.#tasks) {
      if (hit(task.delivery)) this.#cancel(id, task)
    }
    for (const [id, delivery] of this.#deliveries) {
      if (hit(delivery)) this.#deliveries.delete(id)
    }
    this.#finished = this.#finished.filter((id) => this.#deliveries.has(id))
    for (const lane of this.#lanes.values()) lane.queue = lane.queue.filter((t) => !t.cancelled)
    const ended = this.#waiters.filter(
      (w) => locationId === undefined || w.filter.location_id === locationId,
    )
    this.#waiters = this.#waiters.filter((w) => !ended.includes(w))
    for (const waiter of ended) {
      clearTimeout(waiter.timer)
      waiter.reject(new Error('the mock was reset while waiting for deliveries'))
    }
    if (locationId === undefined) this.#dropped = { journal: 0, queue: 0 }
  }

  /** Cancels everything pending; the journal stays readable. */
  close(): void {
    for (const [id, task] of this.#tasks) this.#cancel(id, task)
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer)
      waiter.reject(new Error('the mock was closed while waiting for deliveries'))
    }
    this.#waiters = []
  }

  #triggerOne(
    locationId: number,
    settings: StoredSettings | undefined,
    event: TriggerEvent,
  ): TriggeredEvent {
    const resource = toResource(event.resource)
    // Schedule events always arrive as update with data [] (contract section 4).
    const status = resource === 'schedule' ? 'update' : (event.status ?? 'update')
    const selfCaused = event.self_caused ?? false
    const base = { resource, status, resource_id: event.resource_id } as const
    const reason = skipReason(locationId, settings, resource, selfCaused)
    if (reason || !settings) return { ...base, delivery_ids: [], skipped: reason ?? 'no settings' }
    if (this.#tasks.size + settings.urls.length > this.#options.maxPending) {
      this.#dropped.queue += 1
      return {
        ...base,
        delivery_ids: [],
        skipped: `dropped: ${this.#tasks.size} deliveries are pending, the bound is ${this.#options.maxPending} (--max-pending-deliveries)`,
      }
    }
    const data =
      resource === 'schedule'
        ? []
        : (event.data ??
          entityFor(this.#options.seed, {
            locationId,
            resource,
            resourceId: event.resource_id,
            status,
          }))
    const payload: WebhookPayload = {
      company_id: locationId,
      resource,
      resource_id: event.resource_id,
      status,
      data,
    }
    const body = JSON.stringify(payload)
    const created = this.#now().toISOString()
    const ids = settings.urls.map((url) => {
      const delivery: DeliveryRecord = {
        id: this.#nextId++,
        location_id: locationId,
        url,
        ...base,
        self_caused: selfCaused,
        body,
        state: 'scheduled',
        attempts: [],
        created_at: created,
        finished_at: null,
      }
      this.#deliveries.set(delivery.id, delivery)
      const task: Task = { delivery, cancelled: false }
      this.#tasks.set(delivery.id, task)
      this.#later(task, this.#options.delayMs)
      return delivery.id
    })
    return { ...base, delivery_ids: ids, skipped: null }
  }

  #later(task: Task, ms: number): void {
    if (ms <= 0) {
      this.#enqueue(task)
      return
    }
    task.timer = setTimeout(() => {
      task.timer = undefined
      this.#enqueue(task)
    }, ms)
  }

  #enqueue(task: Task): void {
    const url = task.delivery.url
    let lane = this.#lanes.get(url)
    if (!lane) {
      lane = { active: 0, queue: [] }
      this.#lanes.set(url, lane)
    }
    lane.queue.push(task)
    this.#pump(url, lane)
  }

  #pump(url: string, lane: Lane): void {
    while (lane.active < this.#options.maxConcurrentPerUrl && lane.queue.length > 0) {
      const task = lane.queue.shift() as Task
      if (task.cancelled) continue
      lane.active++
      void this.#attempt(task).finally(() => {
        lane.active--
        if (lane.active === 0 && lane.queue.length === 0) this.#lanes.delete(url)
        else this.#pump(url, lane)
      })
    }
  }

  async #attempt(task: Task): Promise<void> {
    const { delivery } = task
    delivery.state = 'sending'
    task.controller = new AbortController()
    const startedAt = this.#now().toISOString()
    const started = performance.now()
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'altegio-hooks-mock',
    }
    if (this.#options.token) headers.authorization = `Bearer ${this.#options.token}`
    const outcome = await this.#send({
      url: delivery.url,
      body: delivery.body,
      headers,
      signal: task.controller.signal,
    })
    if (task.cancelled) return
    task.controller = undefined
    const statusCode = 'statusCode' in outcome ? outcome.statusCode : null
    delivery.attempts.push({
      attempt: delivery.attempts.length + 1,
      started_at: startedAt,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      status_code: statusCode,
      error: 'error' in outcome ? outcome.error : null,
    })
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      this.#finish(task, 'delivered')
      return
    }
    // HUB: transport errors, 429 and 5xx are retried; other answers are final.
    const retryable = statusCode === null || statusCode === 429 || statusCode >= 500
    if (retryable && delivery.attempts.length <= this.#options.retries) {
      delivery.state = 'retrying'
      this.#later(task, this.#options.retryDelayMs)
      return
    }
    this.#finish(task, 'failed')
  }

  #finish(task: Task, state: 'delivered' | 'failed'): void {
    const { delivery } = task
    delivery.state = state
    delivery.finished_at = this.#now().toISOString()
    this.#tasks.delete(delivery.id)
    this.#finished.push(delivery.id)
    while (this.#finished.length > this.#options.maxJournal) {
      this.#deliveries.delete(this.#finished.shift() as number)
      this.#dropped.journal += 1
    }
    for (const waiter of [...this.#waiters]) {
      if (!matches(waiter.filter, delivery)) continue
      waiter.seen += 1
      if (waiter.seen >= waiter.count) {
        clearTimeout(waiter.timer)
        this.#waiters = this.#waiters.filter((w) => w !== waiter)
        waiter.resolve([])
      }
    }
  }

  #cancel(id: number, task: Task): void {
    task.cancelled = true
    clearTimeout(task.timer)
    task.controller?.abort()
    this.#tasks.delete(id)
  }
}

export function describeFilter(filter: DeliveryFilter): string {
  const parts = Object.entries(filter).filter(([, value]) => value !== undefined)
  return parts.length === 0 ? 'any filter' : JSON.stringify(Object.fromEntries(parts))
}
