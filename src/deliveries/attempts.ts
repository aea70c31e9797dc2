import { performance } from 'node:perf_hooks'
import type { ClockTimers, Timer } from '../clock/timers.js'
import type { MockConfig } from '../config/index.js'
import { Cancel } from './cancel.js'
import type { DeliveryRecord } from './delivery-journal.js'
import type { Sender } from './webhook-client.js'

/** A delivery on its way, with what a cancel must stop: its timer, or its attempt in flight. */
export interface Task {
  delivery: DeliveryRecord
  headers: Record<string, string>
  timer?: Timer | undefined
  cancel?: Cancel | undefined
  cancelled: boolean
}

export type RetryOptions = Pick<MockConfig, 'deliveryRetries' | 'deliveryRetryDelayMs'>

/**
 * Each delivery's attempts: handed to the client now or after a delay,
 * retried for transport errors, 429 and 5xx, and reported to `finished` once
 * delivered or failed. A cancelled task stops where it is.
 */
export class Attempts {
  readonly #send: Sender
  readonly #options: RetryOptions
  readonly #timers: ClockTimers
  readonly #finished: (delivery: DeliveryRecord) => void
  readonly #attempted: (delivery: DeliveryRecord, nextRetryAt: Date | null) => void
  readonly #tasks = new Map<number, Task>()

  constructor(
    send: Sender,
    options: RetryOptions,
    timers: ClockTimers,
    finished: (delivery: DeliveryRecord) => void,
    attempted: (delivery: DeliveryRecord, nextRetryAt: Date | null) => void = () => {},
  ) {
    this.#attempted = attempted
    this.#send = send
    this.#options = options
    this.#timers = timers
    this.#finished = finished
  }

  /** A task for `delivery`, kept until it finishes or is cancelled. */
  track(delivery: DeliveryRecord, headers: Record<string, string>): Task {
    const task: Task = { delivery, headers, cancelled: false }
    this.#tasks.set(delivery.id, task)
    return task
  }

  /**
   * Hands the attempt to the client (the default one queues it in its URL's
   * lane), now or after `ms` on the mock's clock (a manual clock's advance
   * sends it).
   */
  later(task: Task, ms: number): void {
    // The common case as before: no delay, the clock real.
    if (ms <= 0 && this.#timers.clock.mode === 'real') {
      void this.#attempt(task)
      return
    }
    task.timer = this.#timers.after(ms, () => {
      task.timer = undefined
      return this.#attempt(task)
    })
  }

  /** Cancels the tasks whose delivery `hit` selects; every task without one. */
  cancel(hit: (delivery: DeliveryRecord) => boolean = () => true): void {
    for (const task of this.#tasks.values()) {
      if (!hit(task.delivery)) continue
      task.cancelled = true
      this.#timers.cancel(task.timer)
      task.cancel?.abort()
      this.#tasks.delete(task.delivery.id)
    }
  }

  async #attempt(task: Task): Promise<void> {
    const { delivery } = task
    delivery.state = 'sending'
    task.cancel = new Cancel()
    const clock = this.#timers.clock
    const startedAt = clock.nowMs()
    const started = performance.now()
    const outcome = await this.#send({
      url: delivery.url,
      body: delivery.body,
      headers: task.headers,
      cancel: task.cancel,
    })
    if (task.cancelled) return
    task.cancel = undefined
    const statusCode = 'statusCode' in outcome ? outcome.statusCode : null
    // The client's own timing, where it has one: the attempt, not a wait in its lane.
    const at = outcome.startedAt === undefined ? startedAt : clock.fromWall(outcome.startedAt)
    delivery.attempts.push({
      attempt: delivery.attempts.length + 1,
      started_at: new Date(at).toISOString(),
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
      const delay = this.#options.deliveryRetryDelayMs
      this.#attempted(delivery, new Date(this.#timers.clock.now().getTime() + delay))
      this.later(task, delay)
      return
    }
    this.#finish(task, 'failed')
  }

  #finish(task: Task, state: 'delivered' | 'failed'): void {
    const { delivery } = task
    delivery.state = state
    delivery.finished_at = this.#timers.clock.now().toISOString()
    this.#attempted(delivery, null)
    this.#tasks.delete(delivery.id)
    this.#finished(delivery)
  }
}
