import type { ClockTimers, Timer } from '../clock/timers.js'
import type { Task } from './attempts.js'
import type { DeliveryQuirks } from './quirks.js'

/** How long a reorder window waits to fill before it sends what it holds. */
const REORDER_WINDOW_MS = 100

/** A reorder window of one location's URL: tasks held until it fills or its time is up. */
interface Held {
  tasks: Task[]
  timer: Timer | undefined
}

/**
 * The platform's reorder quirk: tasks held per location and URL, then handed
 * to `send` in an order drawn from --seed once the window is full or its time
 * is up.
 */
export class ReorderWindows {
  readonly #quirks: DeliveryQuirks
  readonly #send: (task: Task, delayMs: number) => void
  readonly #held = new Map<string, Held>()
  readonly #timers: ClockTimers

  constructor(
    quirks: DeliveryQuirks,
    timers: ClockTimers,
    send: (task: Task, delayMs: number) => void,
  ) {
    this.#quirks = quirks
    this.#timers = timers
    this.#send = send
  }

  /** Holds a task in its URL's window of `size` tasks; each is sent `delayMs` after release. */
  hold(task: Task, size: number, delayMs: number): void {
    const key = `${task.delivery.location_id} ${task.delivery.url}`
    let held = this.#held.get(key)
    if (!held) {
      held = { tasks: [], timer: undefined }
      this.#held.set(key, held)
      held.timer = this.#timers.after(REORDER_WINDOW_MS, () => this.#release(key, delayMs))
    }
    held.tasks.push(task)
    if (held.tasks.length >= size) this.#release(key, delayMs)
  }

  /** Drops the windows whose every task was cancelled. */
  prune(): void {
    for (const [key, held] of this.#held) {
      if (held.tasks.every((task) => task.cancelled)) {
        this.#timers.cancel(held.timer)
        this.#held.delete(key)
      }
    }
  }

  #release(key: string, delayMs: number): void {
    const held = this.#held.get(key)
    if (!held) return
    this.#held.delete(key)
    this.#timers.cancel(held.timer)
    const waiting = held.tasks.filter((task) => !task.cancelled)
    const locationId = waiting[0]?.delivery.location_id ?? 0
    for (const task of this.#quirks.shuffle(locationId, waiting)) this.#send(task, delayMs)
  }
}
