/** FNV-1a: a stable 32-bit hash of a text. */
export function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** mulberry32: a small, fast PRNG; the same seed gives the same values. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HEX = '0123456789abcdef'
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** Draws the values of one thing (an entity, a team member, a location), from a key. */
export class Draw {
  readonly #next: () => number

  /** `key` names what is drawn, e.g. "7:123:staff:42": the same key, the same values. */
  constructor(key: string) {
    this.#next = random(hash(key))
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.#next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T
  }

  /** An id as the platform's are: seven to nine digits. */
  id(): number {
    return this.int(1_000_000, 999_999_999)
  }

  hex(length: number): string {
    let text = ''
    for (let i = 0; i < length; i++) text += HEX[this.int(0, 15)]
    return text
  }

  letters(length: number): string {
    let text = ''
    for (let i = 0; i < length; i++) text += LETTERS[this.int(0, LETTERS.length - 1)]
    return text
  }
}
