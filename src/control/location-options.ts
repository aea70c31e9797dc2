import type { LocationOptionsBody } from '../schemas/control.js'
import type { Backend } from '../schemas/hooks-settings/settings.js'

/** How the mock behaves for one location, where a test set it apart from the process's defaults. */
export type LocationBehaviour = {
  backend: Backend
  duplicate_probability: number
  duplicate_every: number
  reorder: number
  delivery_delay_ms: number
}

/**
 * Per-location behaviour set through /__mock (or code): kept in memory, not
 * in the data file, and forgotten by a reset of the location.
 */
export class LocationOptions {
  readonly #defaults: LocationBehaviour
  readonly #byLocation = new Map<string, Partial<LocationBehaviour>>()

  constructor(defaults: LocationBehaviour) {
    this.#defaults = defaults
  }

  /** The backend answering a location (its id as text, as the path has it). */
  backend(id: string): Backend {
    if (this.#byLocation.size === 0) return this.#defaults.backend
    return this.#byLocation.get(id)?.backend ?? this.#defaults.backend
  }

  get(locationId: number): LocationBehaviour {
    if (this.#byLocation.size === 0) return this.#defaults
    return { ...this.#defaults, ...this.#byLocation.get(String(locationId)) }
  }

  /** Sets what `options` gives; what it leaves out keeps its value. */
  set(locationId: number, options: LocationOptionsBody): LocationBehaviour {
    const key = String(locationId)
    this.#byLocation.set(key, { ...this.#byLocation.get(key), ...options })
    return this.get(locationId)
  }

  /** Every location's own options, as a snapshot keeps them. */
  take(): Record<string, Partial<LocationBehaviour>> {
    return Object.fromEntries([...this.#byLocation].map(([id, options]) => [id, { ...options }]))
  }

  /** Puts back what `take` answered, forgetting every other location's options. */
  restore(taken: Record<string, Partial<LocationBehaviour>>): void {
    this.#byLocation.clear()
    for (const [id, options] of Object.entries(taken)) this.#byLocation.set(id, { ...options })
  }

  reset(locationId?: number): void {
    if (locationId === undefined) this.#byLocation.clear()
    else this.#byLocation.delete(String(locationId))
  }
}
