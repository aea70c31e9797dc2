/**
 * What stops one delivery attempt: aborted once, telling its listeners. Not
 * an AbortController, which takes 12 to 16 us to make on Node 20, twice per
 * delivery (docs/performance.md#delivery-thread). undici takes it as its
 * `signal`: it accepts an EventEmitter with `aborted` and `reason`.
 */
export class Cancel {
  aborted = false
  reason: Error | undefined
  #listeners: (() => void)[] = []

  abort(): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })
    const listeners = this.#listeners
    this.#listeners = []
    for (const listener of listeners) listener()
  }

  on(_event: 'abort', listener: () => void): this {
    this.#listeners.push(listener)
    return this
  }

  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener)
  }

  removeListener(_event: 'abort', listener: () => void): this {
    // In place: undici removes its listener at the end of every attempt.
    const at = this.#listeners.indexOf(listener)
    if (at >= 0) this.#listeners.splice(at, 1)
    return this
  }
}
