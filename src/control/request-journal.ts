import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatWarning } from '../http/warnings.js'

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
  duration_ms: number
}

export interface RequestFilter {
  location_id?: number
  method?: string
  status_code?: number
}

/**
 * The last `max` requests to the Altegio routes, for tests to assert on what
 * their integration sent and what the mock warned about.
 */
export class RequestJournal {
  readonly #max: number
  readonly #now: () => Date
  #entries: RequestEntry[] = []
  #nextId = 1
  #dropped = 0

  constructor(max: number, now: () => Date = () => new Date()) {
    this.#max = max
    this.#now = now
  }

  get dropped(): number {
    return this.#dropped
  }

  list(filter: RequestFilter = {}): RequestEntry[] {
    return this.#entries.filter(
      (e) =>
        (filter.location_id === undefined || e.location_id === filter.location_id) &&
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.status_code === undefined || e.status_code === filter.status_code),
    )
  }

  reset(locationId?: number): void {
    this.#entries =
      locationId === undefined ? [] : this.#entries.filter((e) => e.location_id !== locationId)
    if (locationId === undefined) this.#dropped = 0
  }

  /** Records every answered request of `app`'s routes (register inside their plugin). */
  record(app: FastifyInstance): void {
    app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      const id = (request.params as { location_id?: string } | undefined)?.location_id ?? ''
      this.#entries.push({
        id: this.#nextId++,
        time: this.#now().toISOString(),
        method: request.method,
        path: request.url,
        location_id: /^[1-9]\d{0,14}$/.test(id) ? Number(id) : null,
        status_code: reply.statusCode,
        warnings: request.mockWarnings.map(formatWarning),
        body: request.body ?? null,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      })
      if (this.#entries.length > this.#max) {
        this.#entries.shift()
        this.#dropped += 1
      }
    })
  }
}
