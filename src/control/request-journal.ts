import type { FastifyReply, FastifyRequest } from 'fastify'
import { formatWarning, type MockWarning } from '../http/warnings.js'
import { POSITIVE_ID } from '../schemas/ids.js'

/** One request to the emulated Altegio routes, as the journal keeps it. */
export interface RequestEntry {
  id: number
  time: string
  method: string
  path: string
  /** The location the path names, or null when it is not a valid id. */
  location_id: number | null
  status_code: number
  /** The conformance warnings of the answer (X-Mock-Warnings). */
  warnings: string[]
  /** The parsed JSON body of a POST, or null. */
  body: unknown
  /** From the request's arrival until its answer was ready to send. */
  duration_ms: number
}

export interface RequestFilter {
  location_id?: number | undefined
  method?: string | undefined
  status_code?: number | undefined
}

/**
 * The last `max` requests to the Altegio routes, for tests to assert on what
 * their integration sent and what the mock warned about.
 *
 * A ring of columns, not an array of objects: an entry lives for thousands of
 * requests, long enough for V8 to promote it to the old generation, where a
 * per-request object is garbage that only a full collection frees. Under load
 * that alone grew the peak RSS by half. The slots are reused instead, and an
 * entry object is made only when someone lists the journal.
 */
export class RequestJournal {
  readonly #max: number
  /** Milliseconds since the epoch: a Date per request showed in GET profiles. */
  readonly #clock: () => number
  readonly #ids: Float64Array
  readonly #times: Float64Array
  readonly #locations: Float64Array
  readonly #statuses: Uint16Array
  readonly #durations: Float32Array
  readonly #methods: string[]
  readonly #paths: string[]
  readonly #warnings: (MockWarning[] | null)[]
  readonly #bodies: unknown[]
  /** Entries written in all (the next id is #written + 1). */
  #written = 0
  /** Slots to skip when listing: everything written before a full reset, or reset per location. */
  #cleared = new Set<number>()
  #resetAt = 0
  readonly #knownPaths = new Map<string, string>()
  #lastPath = ''

  constructor(max: number, clock: () => number = Date.now) {
    this.#max = max
    this.#clock = clock
    this.#ids = new Float64Array(max)
    this.#times = new Float64Array(max)
    this.#locations = new Float64Array(max)
    this.#statuses = new Uint16Array(max)
    this.#durations = new Float32Array(max)
    this.#methods = new Array(max).fill('')
    this.#paths = new Array(max).fill('')
    this.#warnings = new Array(max).fill(null)
    this.#bodies = new Array(max).fill(null)
  }

  /** Entries pushed out of the ring since the last full reset. */
  get dropped(): number {
    return Math.max(0, this.#written - this.#resetAt - this.#max)
  }

  list(filter: RequestFilter = {}): RequestEntry[] {
    const entries: RequestEntry[] = []
    const first = Math.max(this.#resetAt, this.#written - this.#max)
    const method = filter.method?.toUpperCase()
    for (let n = first; n < this.#written; n++) {
      const slot = n % this.#max
      if (this.#cleared.has(this.#ids[slot] as number)) continue
      const location = this.#locations[slot] as number
      const locationId = location === 0 ? null : location
      if (filter.location_id !== undefined && locationId !== filter.location_id) continue
      if (method !== undefined && this.#methods[slot] !== method) continue
      if (filter.status_code !== undefined && this.#statuses[slot] !== filter.status_code) continue
      entries.push({
        id: this.#ids[slot] as number,
        time: new Date(this.#times[slot] as number).toISOString(),
        method: this.#methods[slot] as string,
        path: this.#paths[slot] as string,
        location_id: locationId,
        status_code: this.#statuses[slot] as number,
        warnings: this.#warnings[slot]?.map(formatWarning) ?? [],
        body: this.#bodies[slot] ?? null,
        duration_ms: Math.round((this.#durations[slot] as number) * 10) / 10,
      })
    }
    return entries
  }

  reset(locationId?: number): void {
    if (locationId === undefined) {
      this.#resetAt = this.#written
      this.#cleared.clear()
      return
    }
    for (const entry of this.list({ location_id: locationId })) this.#cleared.add(entry.id)
  }

  /**
   * Records a request as it is answered, with the status and warnings the
   * reply is about to carry.
   */
  add(request: FastifyRequest, reply: FastifyReply): void {
    const slot = this.#written % this.#max
    this.#written += 1
    if (this.#cleared.size > 0) this.#cleared.delete(this.#ids[slot] as number)
    const id = (request.params as { location_id?: string } | undefined)?.location_id ?? ''
    this.#ids[slot] = this.#written
    this.#times[slot] = this.#clock()
    this.#locations[slot] = POSITIVE_ID.test(id) ? Number(id) : 0
    this.#statuses[slot] = reply.statusCode
    this.#durations[slot] = reply.elapsedTime
    this.#methods[slot] = request.method
    this.#paths[slot] = this.#path(request.url)
    this.#warnings[slot] = request.mockWarnings
    this.#bodies[slot] = request.body
  }

  /**
   * The kept copy of a path. Each request's URL is a new string; kept in the
   * ring, thousands of them lived long enough to reach the old generation,
   * which under GET load meant page faults and full collections (~5% of the
   * throughput). A test calls a few paths over and over: those are kept once.
   */
  #path(url: string): string {
    // Most often the same path as the request before: no hashing.
    if (url === this.#lastPath) return this.#lastPath
    let kept = this.#knownPaths.get(url)
    if (kept === undefined) {
      if (this.#knownPaths.size >= this.#max) this.#knownPaths.clear()
      this.#knownPaths.set(url, url)
      kept = url
    }
    this.#lastPath = kept
    return kept
  }
}
