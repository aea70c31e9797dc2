/** How the mock's clock runs: with the wall clock (real), or stopped where a test put it (manual). */
export type ClockMode = 'real' | 'manual'

/**
 * What the clock is, as a snapshot keeps it (JSON; its schema: ClockState in
 * src/schemas/clock.ts): a real clock's distance from its base, or a manual clock's reading.
 */
export type ClockState = { mode: 'real'; offset_ms: number } | { mode: 'manual'; now_ms: number }

/**
 * The one source of `now` in a mock: journals, deliveries, faults and the
 * marketplace read it. Real, it is the base clock (the `now` option, else
 * the wall clock) plus an offset; manual, it stands still until moved.
 * `nowMs` is swapped per mode, so a real clock costs a call of Date.now.
 */
export class MockClock {
  readonly #base: () => number
  #mode: ClockMode = 'real'
  #offset = 0
  #frozen = 0
  /** The clock's reading in ms. */
  nowMs: () => number

  constructor(base?: () => Date) {
    this.#base = base ? () => base().getTime() : Date.now
    this.nowMs = this.#base
  }

  get mode(): ClockMode {
    return this.#mode
  }

  now(): Date {
    return new Date(this.nowMs())
  }

  /** A reading of the wall clock (an attempt's start, timed by the client) as this clock's time. */
  fromWall(wallMs: number): number {
    if (this.#mode === 'manual') return this.#frozen
    return wallMs + this.#offset
  }

  /** Stops the clock at `ms`. */
  stop(ms: number): void {
    this.#mode = 'manual'
    this.#frozen = ms
    this.nowMs = () => this.#frozen
  }

  /** Runs again from where it stands (or with `offsetMs` from its base). */
  run(offsetMs = this.nowMs() - this.#base()): void {
    this.#mode = 'real'
    this.#offset = offsetMs
    this.nowMs = offsetMs === 0 ? this.#base : () => this.#base() + this.#offset
  }

  state(): ClockState {
    return this.#mode === 'manual'
      ? { mode: 'manual', now_ms: this.#frozen }
      : { mode: 'real', offset_ms: this.#offset }
  }

  restore(state: ClockState): void {
    if (state.mode === 'manual') this.stop(state.now_ms)
    else this.run(state.offset_ms)
  }
}
