import type { MockClock } from './clock.js'

/** Work waiting for the clock: what `after` answers and `cancel` takes. */
export interface Timer {
  /** When it falls due, on the mock's clock (ms). */
  due: number
  readonly run: () => unknown
  /** The wall-clock timer while the clock runs in real time. */
  handle: NodeJS.Timeout | undefined
  readonly seq: number
}

/**
 * The one scheduler of work that waits for time (delivery delays, retries,
 * reorder windows). While the clock is real, a wait is a setTimeout; while it
 * is manual, nothing waits on the wall clock: work falls due only when the
 * clock is moved (`runDue`), and what is due at once runs at once, tracked so
 * that a move can wait for it to finish.
 */
export class ClockTimers {
  readonly #clock: MockClock
  readonly #waiting = new Set<Timer>()
  readonly #running = new Set<Promise<unknown>>()
  #seq = 0

  constructor(clock: MockClock) {
    this.#clock = clock
  }

  get clock(): MockClock {
    return this.#clock
  }

  /** Runs `run` after `ms` on the clock; now when `ms` is 0 or less (then no timer is kept). */
  after(ms: number, run: () => unknown): Timer | undefined {
    const manual = this.#clock.mode === 'manual'
    if (ms <= 0) {
      if (manual) this.#track(run)
      else run()
      return undefined
    }
    const timer: Timer = { due: this.#clock.nowMs() + ms, run, handle: undefined, seq: this.#seq++ }
    this.#waiting.add(timer)
    if (!manual) this.#arm(timer, ms)
    return timer
  }

  cancel(timer: Timer | undefined): void {
    if (!timer) return
    clearTimeout(timer.handle)
    this.#waiting.delete(timer)
  }

  /** When the earliest waiting work falls due, or undefined. */
  nextDue(): number | undefined {
    let next: number | undefined
    for (const timer of this.#waiting) if (next === undefined || timer.due < next) next = timer.due
    return next
  }

  /** Runs every timer due at `due` or before, in the order they were set; resolves once all settled. */
  async runDue(due: number): Promise<void> {
    const ready = [...this.#waiting].filter((t) => t.due <= due).sort((a, b) => a.seq - b.seq)
    for (const timer of ready) {
      this.#waiting.delete(timer)
      this.#track(timer.run)
    }
    await this.settled()
  }

  /** Resolves once the work started while the clock was manual has finished (and what it started). */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running])
  }

  /** The clock stopped: wall-clock timers give way to the clock's moves. */
  stopped(): void {
    for (const timer of this.#waiting) {
      clearTimeout(timer.handle)
      timer.handle = undefined
    }
  }

  /** The clock runs again: each wait becomes a wall-clock timer for what it has left. */
  started(): void {
    const now = this.#clock.nowMs()
    for (const timer of this.#waiting) this.#arm(timer, timer.due - now)
  }

  /** The clock jumped by `byMs` without time passing: each wait keeps what it had left. */
  shift(byMs: number): void {
    for (const timer of this.#waiting) timer.due += byMs
  }

  #arm(timer: Timer, ms: number): void {
    clearTimeout(timer.handle)
    timer.handle = setTimeout(
      () => {
        this.#waiting.delete(timer)
        timer.run()
      },
      Math.max(0, ms),
    )
  }

  #track(run: () => unknown): void {
    let result: unknown
    try {
      result = run()
    } catch {
      return
    }
    if (!(result instanceof Promise)) return
    const running: Promise<unknown> = result.finally(() => this.#running.delete(running))
    this.#running.add(running)
  }
}
