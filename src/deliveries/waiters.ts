import type { Delivery } from '../schemas/delivery.js'
import { describeFilter, matches, type WaitFilter } from './filter.js'

/** A wait for deliveries that did not finish in time. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError'
}

/** A wait that a reset or shutdown ended. */
export class WaitEndedError extends Error {
  override name = 'WaitEndedError'
}

interface Waiter {
  filter: WaitFilter
  count: number
  seen: number
  resolve: () => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

/** Counts of matching deliveries, as the journal knows them. */
export interface Progress {
  finished: number
  pending: number
}

/** Tests waiting for deliveries to finish, instead of sleeping. */
export class Waiters {
  #waiters: Waiter[] = []

  /** Waits under way. */
  get size(): number {
    return this.#waiters.length
  }

  /**
   * Resolves once `count` deliveries matching `filter` have finished,
   * `seen` of them already; rejects with WaitTimeoutError after `timeoutMs`,
   * saying how far it got (`progress`).
   */
  add(
    filter: WaitFilter,
    count: number,
    seen: number,
    timeoutMs: number,
    progress: () => Progress,
  ): Promise<void> {
    if (seen >= count) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        filter,
        count,
        seen,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter)
          const { finished, pending } = progress()
          reject(
            new WaitTimeoutError(
              `waited ${timeoutMs} ms for ${count} finished deliveries matching ${describeFilter(filter)}; ${finished} finished, ${pending} still pending`,
            ),
          )
        }, timeoutMs),
      }
      this.#waiters.push(waiter)
    })
  }

  /** A delivery finished: waits it completes resolve. */
  finished(delivery: Omit<Delivery, 'payload'>): void {
    if (this.#waiters.length === 0) return
    for (const waiter of [...this.#waiters]) {
      if (!matches(waiter.filter, delivery)) continue
      waiter.seen += 1
      if (waiter.seen >= waiter.count) {
        clearTimeout(waiter.timer)
        this.#waiters = this.#waiters.filter((w) => w !== waiter)
        waiter.resolve()
      }
    }
  }

  /** Ends the waits of one location (or all) with `reason`. */
  end(reason: string, locationId?: number): void {
    const ended = this.#waiters.filter(
      (w) => locationId === undefined || w.filter.location_id === locationId,
    )
    this.#waiters = this.#waiters.filter((w) => !ended.includes(w))
    for (const waiter of ended) {
      clearTimeout(waiter.timer)
      waiter.reject(new WaitEndedError(reason))
    }
  }
}
