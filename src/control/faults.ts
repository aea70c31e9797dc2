import { Draw } from '../deliveries/entities/draw.js'
import { validationFailed } from '../http/errors.js'
import {
  type Fault,
  type FaultKind,
  type FaultRoute,
  type FaultSpec,
  FRAMING_HEADERS,
} from '../schemas/faults.js'

/** Faults kept at once: a test adds a few; a bound keeps a runaway loop small. */
export const MAX_FAULTS = 1000

interface Entry {
  fault: Fault
  draw: Draw
}

/** The kind a spec asks for, or the 422 that says why it is not one. */
function kindOf(spec: FaultSpec): FaultKind {
  const kind = spec.kind ?? (spec.status !== undefined ? 'status' : 'delay')
  if (kind === 'status' && spec.status === undefined) {
    throw validationFailed({ status: ['status is required for a status fault, e.g. 503.'] })
  }
  if (kind === 'delay' && spec.delay_ms === undefined) {
    throw validationFailed({
      body: [
        'a fault needs something to do: "status" (e.g. 503), "delay_ms", or "kind" (reset, hang, malformed).',
      ],
    })
  }
  if (['reset', 'hang', 'malformed'].includes(kind) && spec.status !== undefined) {
    throw validationFailed({
      status: [`status does not go with kind "${kind}": that fault answers no status of its own.`],
    })
  }
  return kind
}

const FRAMING = new Set(FRAMING_HEADERS.map((name) => name.toLowerCase()))

/** The 422 for headers the HTTP server must write itself (names are checked as tokens by the schema). */
function checkHeaders(spec: FaultSpec): void {
  const framing = Object.keys(spec.headers ?? {}).filter((name) => FRAMING.has(name.toLowerCase()))
  if (framing.length > 0) {
    throw validationFailed({
      headers: framing.map(
        (name) =>
          `headers[${name}] cannot be set by a fault: the mock's HTTP server writes it from the body it sends, and another value makes the answer unreadable; fault headers are for headers such as Retry-After.`,
      ),
    })
  }
}

/**
 * The faults a test asked for: the first active one matching a request
 * decides what the request gets instead of its answer. Each fires `times`
 * times (or until removed), with its own seeded chance per request, so a run
 * with the same seed fails the same requests.
 */
export class FaultTable {
  readonly #seed: number
  readonly #now: () => Date
  readonly #entries = new Map<number, Entry>()
  #active = 0
  #nextId = 1

  constructor(seed: number, now: () => Date) {
    this.#seed = seed
    this.#now = now
  }

  /** Active faults: 0 means matching costs nothing. */
  get size(): number {
    return this.#active
  }

  add(spec: FaultSpec): Fault {
    const kind = kindOf(spec)
    checkHeaders(spec)
    if (this.#entries.size >= MAX_FAULTS) {
      throw validationFailed({
        body: [
          `the mock holds at most ${MAX_FAULTS} faults; remove some (DELETE /__mock/faults/{id}) or reset.`,
        ],
      })
    }
    const id = this.#nextId++
    const fault: Fault = {
      id,
      location_id: spec.location_id ?? null,
      method: spec.method ?? null,
      route: spec.route ?? 'hooks_settings',
      kind,
      times: spec.times ?? null,
      probability: spec.probability ?? 1,
      status: spec.status ?? null,
      message: spec.message ?? null,
      headers: { ...spec.headers },
      delay_ms: spec.delay_ms ?? 0,
      fired: 0,
      active: true,
      created_at: this.#now().toISOString(),
    }
    this.#entries.set(id, { fault, draw: new Draw(`${this.#seed}:fault:${id}`) })
    this.#active += 1
    return { ...fault }
  }

  list(): Fault[] {
    return [...this.#entries.values()].map(({ fault }) => ({
      ...fault,
      headers: { ...fault.headers },
    }))
  }

  remove(id: number): boolean {
    const entry = this.#entries.get(id)
    if (!entry) return false
    if (entry.fault.active) this.#active -= 1
    this.#entries.delete(id)
    return true
  }

  /** Every fault and the next id, as a snapshot keeps them. */
  take(): { next_id: number; faults: Fault[] } {
    return { next_id: this.#nextId, faults: this.list() }
  }

  /**
   * Puts back what `take` answered, replacing every fault. A fault with a
   * probability draws again from its seed's start: the draws are not kept.
   */
  restore(taken: { next_id: number; faults: Fault[] }): void {
    this.#entries.clear()
    this.#active = 0
    for (const fault of taken.faults) {
      const copy = { ...fault, headers: { ...fault.headers } }
      this.#entries.set(fault.id, {
        fault: copy,
        draw: new Draw(`${this.#seed}:fault:${fault.id}`),
      })
      if (fault.active) this.#active += 1
    }
    this.#nextId = taken.next_id
  }

  /** Removes the faults of one location, or all of them. */
  reset(locationId?: number): void {
    for (const [id, { fault }] of this.#entries) {
      if (locationId === undefined || fault.location_id === locationId) this.remove(id)
    }
  }

  /** The fault that fires for this request, counted, or undefined. */
  fire(route: FaultRoute, method: string, locationId: number | undefined): Fault | undefined {
    for (const entry of this.#entries.values()) {
      const { fault } = entry
      if (!fault.active) continue
      if (fault.route !== 'any' && fault.route !== route) continue
      if (fault.method !== null && fault.method !== method) continue
      if (fault.location_id !== null && fault.location_id !== locationId) continue
      if (fault.probability < 1 && !entry.draw.chance(fault.probability)) continue
      fault.fired += 1
      if (fault.times !== null && fault.fired >= fault.times) {
        fault.active = false
        this.#active -= 1
      }
      return { ...fault }
    }
    return undefined
  }
}
