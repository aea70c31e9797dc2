import type { LocationBehaviour } from '../control/location-options.js'
import { Draw } from './entities/draw.js'

/** Locations whose quirk counters and draws are kept; a long run starts over beyond. */
const MAX_LOCATIONS = 10_000

/**
 * The platform's delivery quirks, on demand (at least once, in no promised
 * order): which deliveries are sent twice, and the order a reorder window
 * sends in. Drawn from the seed per location, so a run repeats exactly.
 */
export class DeliveryQuirks {
  readonly #seed: number
  readonly #counts = new Map<number, number>()
  readonly #draws = new Map<string, Draw>()

  constructor(seed: number) {
    this.#seed = seed
  }

  /** Whether the next delivery of `locationId` is also sent a second time. */
  duplicate(locationId: number, behaviour: LocationBehaviour): boolean {
    const { duplicate_every: every, duplicate_probability: probability } = behaviour
    if (every === 0 && probability === 0) return false
    const count = (this.#counts.get(locationId) ?? 0) + 1
    if (this.#counts.size >= MAX_LOCATIONS) this.#counts.clear()
    this.#counts.set(locationId, count)
    if (every > 0 && count % every === 0) return true
    return probability > 0 && this.#draw('duplicate', locationId).chance(probability)
  }

  /** `items` in an order drawn for `locationId` (Fisher-Yates). */
  shuffle<T>(locationId: number, items: T[]): T[] {
    const draw = this.#draw('reorder', locationId)
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = draw.int(0, i)
      ;[out[i], out[j]] = [out[j] as T, out[i] as T]
    }
    return out
  }

  /** Starts a location's counts and draws over, or every location's. */
  reset(locationId?: number): void {
    if (locationId === undefined) {
      this.#counts.clear()
      this.#draws.clear()
      return
    }
    this.#counts.delete(locationId)
    this.#draws.delete(`duplicate:${locationId}`)
    this.#draws.delete(`reorder:${locationId}`)
  }

  #draw(kind: string, locationId: number): Draw {
    const key = `${kind}:${locationId}`
    let draw = this.#draws.get(key)
    if (!draw) {
      if (this.#draws.size >= MAX_LOCATIONS) this.#draws.clear()
      draw = new Draw(`${this.#seed}:${key}`)
      this.#draws.set(key, draw)
    }
    return draw
  }
}
