import type { Delivery } from '../schemas/delivery.js'
import { type DeliveryFilter, maskCredentials, matches, type WaitFilter } from './filter.js'
import type { Progress } from './waiters.js'

/**
 * A delivery as the journal keeps it: the payload only as the JSON it sends.
 * As object graphs, thousands of pending payloads made every young collection
 * copy them; as strings they cost nothing to keep. `toDelivery` parses when
 * someone asks.
 */
export type DeliveryRecord = Omit<Delivery, 'payload'> & {
  body: string
  /** UTF-8 bytes of `body`, counted once per event. */
  size: number
}

/** A delivery as the journal shows it: credentials in its URL masked. */
export function toDelivery({ body, size: _size, attempts, ...rest }: DeliveryRecord): Delivery {
  return {
    ...rest,
    url: maskCredentials(rest.url),
    payload: JSON.parse(body),
    attempts: attempts.map((a) => ({ ...a })),
  }
}

export interface JournalBounds {
  /** Finished deliveries kept; older ones are dropped and counted. */
  maxDeliveries: number
  /** ...and the bytes of their payloads. */
  maxDeliveryBytes: number
  /** Deliveries not yet finished; events beyond are refused. */
  maxPendingDeliveries: number
  /** ...and the bytes of their payloads. */
  maxPendingBytes: number
}

/**
 * The delivery journal: every delivery pending or finished, bounded by count
 * and by bytes on both sides. Finished ones are dropped oldest first.
 */
export class DeliveryJournal {
  readonly #bounds: JournalBounds
  readonly #records = new Map<number, DeliveryRecord>()
  /** Ids of finished deliveries in the order they finished: the eviction order. */
  readonly #finished = new Set<number>()
  #finishedBytes = 0
  #pending = 0
  #pendingBytes = 0
  #dropped = { journal: 0, queue: 0 }

  constructor(bounds: JournalBounds) {
    this.#bounds = bounds
  }

  get dropped(): { journal: number; queue: number } {
    return { ...this.#dropped }
  }

  get pending(): number {
    return this.#pending
  }

  /** Why `count` more deliveries of `bytes` each cannot be taken, or undefined. */
  refusal(count: number, bytes: number): string | undefined {
    const { maxPendingDeliveries, maxPendingBytes } = this.#bounds
    if (this.#pending + count > maxPendingDeliveries) {
      return `dropped: ${this.#pending} deliveries are pending, the bound is ${maxPendingDeliveries} (--max-pending-deliveries)`
    }
    if (this.#pendingBytes + count * bytes > maxPendingBytes) {
      return `dropped: pending payloads hold ${this.#pendingBytes} bytes, and ${count} more of ${bytes} would pass the bound of ${maxPendingBytes} (--max-pending-bytes)`
    }
    return undefined
  }

  /** Counts an event the bounds refused. */
  refused(): void {
    this.#dropped.queue += 1
  }

  add(record: DeliveryRecord): void {
    this.#records.set(record.id, record)
    this.#pending += 1
    this.#pendingBytes += record.size
  }

  /** A pending delivery finished: it joins the finished ones, and the oldest may go. */
  finish(record: DeliveryRecord): void {
    this.#pending -= 1
    this.#pendingBytes -= record.size
    this.#finished.add(record.id)
    this.#finishedBytes += record.size
    const { maxDeliveries, maxDeliveryBytes } = this.#bounds
    while (this.#finished.size > maxDeliveries || this.#finishedBytes > maxDeliveryBytes) {
      const oldest = this.#finished.values().next().value as number
      this.#evict(oldest)
      this.#dropped.journal += 1
    }
  }

  get(id: number): DeliveryRecord | undefined {
    return this.#records.get(id)
  }

  /** Matching deliveries, oldest first. */
  *matching(filter: WaitFilter): Generator<DeliveryRecord> {
    for (const record of this.#records.values()) if (matches(filter, record)) yield record
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
    for (const record of this.matching(filter)) {
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

  /** How many matching deliveries have finished, and how many have not. */
  progress(filter: WaitFilter): Progress {
    let finished = 0
    let pending = 0
    for (const record of this.matching(filter)) {
      if (record.finished_at === null) pending += 1
      else finished += 1
    }
    return { finished, pending }
  }

  /** Forgets the deliveries `hit` selects; pending ones must be cancelled first. */
  remove(hit: (record: DeliveryRecord) => boolean): void {
    for (const record of this.#records.values()) {
      if (!hit(record)) continue
      if (this.#finished.has(record.id)) this.#evict(record.id)
      else {
        this.#records.delete(record.id)
        this.#pending -= 1
        this.#pendingBytes -= record.size
      }
    }
  }

  clearDropped(): void {
    this.#dropped = { journal: 0, queue: 0 }
  }

  #evict(id: number): void {
    const record = this.#records.get(id)
    this.#records.delete(id)
    this.#finished.delete(id)
    this.#finishedBytes -= record?.size ?? 0
  }
}
