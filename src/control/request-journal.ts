import type { FastifyReply, FastifyRequest } from 'fastify'
import { maskJson } from '../drift/mask.js'
import { shadows } from '../drift/proxied.js'
import { requestLocation } from '../http/request-location.js'
import { formatWarning, type MockWarning } from '../http/warnings.js'
import type { RequestEntry } from '../schemas/request-entry.js'

export interface RequestFilter {
  location_id?: number | undefined
  method?: string | undefined
  status_code?: number | undefined
}

export interface RequestJournalBounds {
  /** Requests kept. */
  maxRequests: number
  /** Bytes of bodies and warnings kept; older requests go first. */
  maxRequestBytes: number
  /** A longer body is kept cut short, with a marker. */
  maxJournaledBodyBytes: number
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Bytes of the JSON body as received (set by the body parser). */
    bodyBytes: number
    /** The body's text, kept only when it is too long to journal whole. */
    longBodyText: string | null
    /** The fault that decided this request's answer, if one did. */
    mockFault: number | null
    /** The body a delay fault read while it held the request (guards.ts). */
    mockBody: import('node:stream').Readable | null
  }
}

/**
 * The last requests to the Altegio routes, bounded by count and by bytes, for
 * tests to assert on what their integration sent and what the mock warned about.
 *
 * A ring of columns, not an array of objects: an entry lives for thousands of
 * requests, long enough to be promoted to the old generation, where a
 * per-request object is garbage only a full collection frees. The slots are
 * reused instead, and entry objects are made only when someone lists them
 * (docs/performance.md#request-journal).
 */
export class RequestJournal {
  readonly #bounds: RequestJournalBounds
  readonly #clock: () => number
  readonly #ids: Float64Array
  readonly #times: Float64Array
  readonly #locations: Float64Array
  /** 0: no answer (a fault closed the connection or hangs). */
  readonly #statuses: Uint16Array
  /** 0: no fault. */
  readonly #faults: Float64Array
  readonly #durations: Float32Array
  readonly #sizes: Float64Array
  readonly #methods: string[]
  readonly #paths: string[]
  readonly #warnings: (MockWarning[] | null)[]
  readonly #bodies: unknown[]
  /** Entries written in all (the next id is #written + 1). */
  #written = 0
  /** The oldest entry still kept (a sequence number, as #written). */
  #first = 0
  #bytes = 0
  #dropped = 0
  /** Ids reset per location, skipped when listing until their slot is reused. */
  readonly #cleared = new Set<number>()
  readonly #knownPaths = new Map<string, string>()
  #lastPath = ''

  constructor(bounds: RequestJournalBounds, clock: () => number = Date.now) {
    const max = bounds.maxRequests
    this.#bounds = bounds
    this.#clock = clock
    this.#ids = new Float64Array(max)
    this.#times = new Float64Array(max)
    this.#locations = new Float64Array(max)
    this.#statuses = new Uint16Array(max)
    this.#faults = new Float64Array(max)
    this.#durations = new Float32Array(max)
    this.#sizes = new Float64Array(max)
    this.#methods = new Array(max).fill('')
    this.#paths = new Array(max).fill('')
    this.#warnings = new Array(max).fill(null)
    this.#bodies = new Array(max).fill(null)
  }

  /** Told each new entry's id while the live timeline listens; null (one check) otherwise. */
  watcher: ((id: number) => void) | null = null

  /** Entries the bounds pushed out since the last full reset. */
  get dropped(): number {
    return this.#dropped
  }

  list(filter: RequestFilter = {}): RequestEntry[] {
    return this.page(filter, 0, Number.POSITIVE_INFINITY).entries
  }

  /** Matching entries, oldest first, from `offset`, at most `limit`. */
  page(
    filter: RequestFilter,
    offset: number,
    limit: number,
  ): { entries: RequestEntry[]; total: number } {
    const entries: RequestEntry[] = []
    let total = 0
    const method = filter.method?.toUpperCase()
    const max = this.#bounds.maxRequests
    for (let n = this.#first; n < this.#written; n++) {
      const slot = n % max
      if (this.#cleared.size > 0 && this.#cleared.has(this.#ids[slot] as number)) continue
      const location = this.#locations[slot] as number
      const locationId = location === 0 ? null : location
      if (filter.location_id !== undefined && locationId !== filter.location_id) continue
      if (method !== undefined && this.#methods[slot] !== method) continue
      if (filter.status_code !== undefined && this.#statuses[slot] !== filter.status_code) continue
      total += 1
      if (total <= offset || entries.length >= limit) continue
      entries.push(this.#entry(slot))
    }
    return { entries, total }
  }

  /** The entry with this id, while the journal keeps it. */
  get(id: number): RequestEntry | undefined {
    if (id <= this.#first || id > this.#written || this.#cleared.has(id)) return undefined
    return this.#entry((id - 1) % this.#bounds.maxRequests)
  }

  /** Whether the entry with this id is one a repeat may stand for: answered below 400, with no warning, fault or body. */
  plain(id: number): boolean {
    if (id <= this.#first || id > this.#written || this.#cleared.has(id)) return false
    const slot = (id - 1) % this.#bounds.maxRequests
    const status = this.#statuses[slot] as number
    return (
      status !== 0 &&
      status < 400 &&
      this.#faults[slot] === 0 &&
      this.#warnings[slot] === null &&
      this.#bodies[slot] === null
    )
  }

  /** Whether the plain entry `later` repeats the plain entry `id`: the same method, path, location and status. */
  repeats(id: number, later: number): boolean {
    if (!this.plain(later) || !this.plain(id)) return false
    const max = this.#bounds.maxRequests
    const a = (id - 1) % max
    const b = (later - 1) % max
    return (
      this.#paths[a] === this.#paths[b] &&
      this.#methods[a] === this.#methods[b] &&
      this.#statuses[a] === this.#statuses[b] &&
      this.#locations[a] === this.#locations[b]
    )
  }

  #entry(slot: number): RequestEntry {
    const location = this.#locations[slot] as number
    return {
      id: this.#ids[slot] as number,
      time: new Date(this.#times[slot] as number).toISOString(),
      method: this.#methods[slot] as string,
      path: this.#paths[slot] as string,
      location_id: location === 0 ? null : location,
      status_code: this.#statuses[slot] || null,
      fault_id: this.#faults[slot] || null,
      warnings: this.#warnings[slot]?.map(formatWarning) ?? [],
      body: this.#bodies[slot] ?? null,
      duration_ms: Math.round((this.#durations[slot] as number) * 10) / 10,
    }
  }

  reset(locationId?: number): void {
    if (locationId === undefined) {
      while (this.#first < this.#written) this.#drop()
      this.#cleared.clear()
      this.#dropped = 0
      return
    }
    for (const entry of this.list({ location_id: locationId })) this.#cleared.add(entry.id)
  }

  /**
   * Records a request as it is answered, with the status and warnings its
   * reply carries; `answered` false: a fault left it without an answer.
   */
  add(request: FastifyRequest, reply: FastifyReply, answered = true): void {
    const { maxRequests, maxRequestBytes } = this.#bounds
    const body = this.#journaledBody(request)
    const size = request.bodyBytes + warningBytes(request.mockWarnings)
    if (this.#written - this.#first >= maxRequests) this.#drop(true)
    while (this.#first < this.#written && this.#bytes + size > maxRequestBytes) this.#drop(true)
    const slot = this.#written % maxRequests
    this.#written += 1
    this.#ids[slot] = this.#written
    this.#times[slot] = this.#clock()
    this.#locations[slot] = requestLocation(request) ?? 0
    this.#statuses[slot] = answered ? reply.statusCode : 0
    this.#faults[slot] = request.mockFault ?? 0
    this.#durations[slot] = reply.elapsedTime
    this.#sizes[slot] = size
    this.#methods[slot] = request.method
    this.#paths[slot] = this.#path(request.url)
    this.#warnings[slot] = request.mockWarnings
    this.#bodies[slot] = body
    this.#bytes += size
    if (this.watcher !== null) this.watcher(this.#written)
  }

  /** Forgets the oldest entry, freeing what it held. */
  #drop(counted = false): void {
    const slot = this.#first % this.#bounds.maxRequests
    this.#bytes -= this.#sizes[slot] as number
    if (this.#cleared.size > 0) this.#cleared.delete(this.#ids[slot] as number)
    this.#bodies[slot] = null
    this.#warnings[slot] = null
    this.#first += 1
    if (counted) this.#dropped += 1
  }

  /** The body as the journal keeps it: parsed, or its text cut short with a marker. */
  #journaledBody(request: FastifyRequest): unknown {
    const text = request.longBodyText
    // The caller's credentials went to the upstream (--upstream); the journal keeps none.
    if (text === null)
      return shadows.has(request) ? maskJson(request.body ?? null) : (request.body ?? null)
    const keep = this.#bounds.maxJournaledBodyBytes
    return `${text.slice(0, keep)}... [cut: ${request.bodyBytes} bytes in all; the journal keeps ${keep} (--max-journaled-body-bytes)]`
  }

  /**
   * The kept copy of a path. Each request's URL is a new string; kept in the
   * ring for thousands of requests, such strings reach the old generation. A
   * test calls a few paths over and over: those are kept once.
   */
  #path(url: string): string {
    if (url === this.#lastPath) return this.#lastPath
    let kept = this.#knownPaths.get(url)
    if (kept === undefined) {
      if (this.#knownPaths.size >= this.#bounds.maxRequests) this.#knownPaths.clear()
      this.#knownPaths.set(url, url)
      kept = url
    }
    this.#lastPath = kept
    return kept
  }
}

function warningBytes(warnings: MockWarning[] | null): number {
  if (warnings === null) return 0
  let bytes = 0
  for (const { code, message } of warnings) bytes += code.length + message.length
  return bytes
}
