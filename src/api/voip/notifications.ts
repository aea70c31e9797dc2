import { WaitEndedError, WaitTimeoutError } from '../../deliveries/waiters.js'
import {
  MAX_NOTIFICATION_BYTES,
  MAX_NOTIFICATIONS,
  type VoipNotification,
} from '../../schemas/voip/control.js'

export interface NotificationFilter {
  location_id?: number | undefined
  after_id?: number | undefined
}

interface Kept {
  notification: VoipNotification
  bytes: number
}

interface Waiter {
  filter: NotificationFilter
  count: number
  resolve: (found: VoipNotification[]) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

const matches = (filter: NotificationFilter, n: VoipNotification) =>
  (filter.location_id === undefined || n.location_id === filter.location_id) &&
  (filter.after_id === undefined || n.id > filter.after_id)

const describe = (filter: NotificationFilter) =>
  [
    filter.location_id === undefined ? 'any location' : `location ${filter.location_id}`,
    filter.after_id === undefined ? '' : `after id ${filter.after_id}`,
  ]
    .filter(Boolean)
    .join(', ')

/**
 * The incoming-call pop-ups the mock showed (voip contract, section 4), oldest
 * first, bounded by count and bytes (the oldest go first, counted), with
 * waits that spare a test a sleep. In memory, as the delivery journal.
 */
export class NotificationJournal {
  #kept: Kept[] = []
  #bytes = 0
  #lastId = 0
  #dropped = 0
  #waiters: Waiter[] = []

  get dropped(): number {
    return this.#dropped
  }

  add(notification: Omit<VoipNotification, 'id'>): VoipNotification {
    this.#lastId += 1
    const kept = { id: this.#lastId, ...notification }
    const bytes = Buffer.byteLength(JSON.stringify(kept))
    this.#kept.push({ notification: kept, bytes })
    this.#bytes += bytes
    while (this.#kept.length > MAX_NOTIFICATIONS || this.#bytes > MAX_NOTIFICATION_BYTES) {
      const oldest = this.#kept.shift() as Kept
      this.#bytes -= oldest.bytes
      this.#dropped += 1
    }
    for (const waiter of [...this.#waiters]) {
      const found = this.list(waiter.filter)
      if (found.length < waiter.count) continue
      clearTimeout(waiter.timer)
      this.#waiters = this.#waiters.filter((w) => w !== waiter)
      waiter.resolve(found.slice(0, waiter.count))
    }
    return kept
  }

  list(filter: NotificationFilter = {}): VoipNotification[] {
    return this.#kept
      .filter(({ notification }) => matches(filter, notification))
      .map((kept) => kept.notification)
  }

  /**
   * The first `count` matching notifications, once there are that many;
   * rejects with WaitTimeoutError after `timeoutMs`, WaitEndedError on a reset.
   */
  waitFor(
    filter: NotificationFilter,
    count: number,
    timeoutMs: number,
  ): Promise<VoipNotification[]> {
    const found = this.list(filter)
    if (found.length >= count) return Promise.resolve(found.slice(0, count))
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        filter,
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter)
          const seen = this.list(filter).length
          reject(
            new WaitTimeoutError(
              `waited ${timeoutMs} ms for ${count} notifications (${describe(filter)}); ${seen} arrived`,
            ),
          )
        }, timeoutMs),
      }
      this.#waiters.push(waiter)
    })
  }

  /** Waits under way (a test can tell its wait has begun). */
  get waiting(): number {
    return this.#waiters.length
  }

  /** Forgets one location's notifications (or all), and ends the waits on them. */
  reset(locationId?: number): void {
    const gone = (n: VoipNotification) => locationId === undefined || n.location_id === locationId
    this.#kept = this.#kept.filter((kept) => {
      if (!gone(kept.notification)) return true
      this.#bytes -= kept.bytes
      return false
    })
    if (locationId === undefined) this.#dropped = 0
    const ended = this.#waiters.filter(
      (w) => locationId === undefined || w.filter.location_id === locationId,
    )
    this.#waiters = this.#waiters.filter((w) => !ended.includes(w))
    const where = locationId === undefined ? 'the mock' : `location ${locationId}`
    for (const waiter of ended) {
      clearTimeout(waiter.timer)
      waiter.reject(new WaitEndedError(`${where} was reset`))
    }
  }

  /** Ends every wait: the mock is closing. */
  close(): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer)
      waiter.reject(new WaitEndedError('the mock is closing'))
    }
    this.#waiters = []
  }
}
