import { validationFailed } from '../http/errors.js'
import type { ClockMode, ClockState, MockClock } from './clock.js'
import { addDuration } from './duration.js'
import type { ClockTimers } from './timers.js'

/** What GET /__mock/clock answers. */
export interface ClockReading {
  /** ISO 8601, UTC. */
  now: string
  mode: ClockMode
}

/** Work that falls due at a time of its own (a paid period's end), done when the clock reaches it. */
export interface DueWork {
  /** The earliest time at or before `untilMs` at which something falls due, or undefined. */
  nextDue(untilMs: number): number | undefined
  /** Does what has fallen due by `atMs` (the clock reads `atMs` meanwhile). */
  fire(atMs: number): Promise<void>
}

/** The latest time a Date holds: an advance may not pass it. */
const MAX_TIME = 8.64e15

const BACK =
  'the clock does not go back while it is stopped: to start over, run it again ({"mode": "real"}) and set it, or reset the mock (POST /__mock/reset)'

/**
 * The clock a test moves (POST /__mock/clock, mock.clock): set and stopped,
 * advanced, run again. An advance does everything that falls due in the
 * skipped time, in time order, before it resolves: timers (delivery delays,
 * retries) and due work (paid periods ending). Moves run one at a time.
 */
export class ClockControl {
  readonly #clock: MockClock
  readonly #timers: ClockTimers
  readonly #work: DueWork[] = []
  #queue: Promise<unknown> = Promise.resolve()

  constructor(clock: MockClock, timers: ClockTimers) {
    this.#clock = clock
    this.#timers = timers
  }

  /** Adds work that falls due by itself (the marketplace's billing). */
  due(work: DueWork): void {
    this.#work.push(work)
  }

  get(): ClockReading {
    return { now: this.#clock.now().toISOString(), mode: this.#clock.mode }
  }

  /**
   * Stops the clock at `nowMs`. From a real clock it is a jump: nothing falls
   * due by it and waits keep what they had left. On a stopped clock a later
   * time is an advance to it; an earlier one is refused.
   */
  set(nowMs: number): Promise<ClockReading> {
    return this.#serial(async () => {
      const current = this.#clock.nowMs()
      if (this.#clock.mode === 'real') {
        this.#clock.stop(nowMs)
        this.#timers.stopped()
        this.#timers.shift(nowMs - current)
      } else if (nowMs < current) {
        throw validationFailed({
          now: [
            `${new Date(nowMs).toISOString()} is before the clock's ${new Date(current).toISOString()}: ${BACK}.`,
          ],
        })
      } else await this.#advanceTo(nowMs)
      return this.get()
    })
  }

  /** Moves a stopped clock forward by `ms` or an ISO 8601 duration (`field` names it in a refusal). */
  advance(by: number | string): Promise<ClockReading> {
    const field = typeof by === 'number' ? 'advance_ms' : 'advance'
    return this.#serial(async () => {
      if (this.#clock.mode === 'real') {
        throw validationFailed({
          [field]: [
            'the clock runs in real time: stop it first, at a time ({"now": "2026-01-01T00:00:00Z"}) or where it stands ({"mode": "manual"}), then advance it.',
          ],
        })
      }
      const current = this.#clock.nowMs()
      const target = typeof by === 'number' ? current + by : addDuration(current, by)
      if (target === undefined) {
        throw validationFailed({
          advance: [
            `must be an ISO 8601 duration such as "P1M", "P31D" or "PT12H", got ${JSON.stringify(by)}.`,
          ],
        })
      }
      if (target < current) throw validationFailed({ [field]: [`${BACK}.`] })
      if (target > MAX_TIME) {
        throw validationFailed({
          [field]: [
            `would take the clock past ${new Date(MAX_TIME).toISOString()}, the latest time it holds.`,
          ],
        })
      }
      await this.#advanceTo(target)
      return this.get()
    })
  }

  /** Stops the clock where it stands. */
  stop(): Promise<ClockReading> {
    return this.#serial(async () => {
      if (this.#clock.mode === 'real') {
        this.#clock.stop(this.#clock.nowMs())
        this.#timers.stopped()
      }
      return this.get()
    })
  }

  /** Runs the clock again from where it stands; waits go back to the wall clock. */
  real(): Promise<ClockReading> {
    return this.#serial(async () => {
      if (this.#clock.mode === 'manual') {
        this.#clock.run()
        this.#timers.started()
      }
      return this.get()
    })
  }

  /** A global reset: the clock runs again as the base clock, without an offset. */
  reset(): Promise<void> {
    return this.#serial(async () => {
      const wasManual = this.#clock.mode === 'manual'
      this.#clock.run(0)
      if (wasManual) this.#timers.started()
    })
  }

  /** The clock as a snapshot keeps it. */
  state(): ClockState {
    return this.#clock.state()
  }

  /** Puts the clock back as `state` says (a snapshot's restore): a jump, nothing falls due. */
  restore(state: ClockState): Promise<ClockReading> {
    return this.#serial(async () => {
      const wasManual = this.#clock.mode === 'manual'
      const before = this.#clock.nowMs()
      this.#clock.restore(state)
      this.#timers.shift(this.#clock.nowMs() - before)
      if (wasManual && state.mode === 'real') this.#timers.started()
      if (!wasManual && state.mode === 'manual') this.#timers.stopped()
      return this.get()
    })
  }

  /** Everything due up to `target`, earliest first (timers before due work at the same time). */
  async #advanceTo(target: number): Promise<void> {
    for (;;) {
      await this.#timers.settled()
      const now = this.#clock.nowMs()
      const timer = this.#timers.nextDue()
      let next = timer !== undefined && timer <= target ? timer : undefined
      let work: DueWork | undefined
      for (const candidate of this.#work) {
        const due = candidate.nextDue(target)
        if (due !== undefined && (next === undefined || due < next)) {
          next = due
          work = candidate
        }
      }
      if (next === undefined) break
      const at = Math.max(next, now)
      this.#clock.stop(at)
      if (work) await work.fire(at)
      else await this.#timers.runDue(at)
    }
    this.#clock.stop(target)
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work)
    this.#queue = run.catch(() => {})
    return run
  }
}
