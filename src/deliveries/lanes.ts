/** Attempts in flight to one URL at once, so a slow receiver holds back only itself. */
export const MAX_CONCURRENT_PER_URL = 8

interface Lane<T> {
  active: number
  queue: T[]
}

/**
 * One queue per URL, each running at most MAX_CONCURRENT_PER_URL jobs at a
 * time: a receiver that hangs, refuses or crawls delays only its own jobs.
 */
export class Lanes<T> {
  readonly #run: (job: T) => Promise<void>
  readonly #skip: (job: T) => boolean
  readonly #lanes = new Map<string, Lane<T>>()
  readonly #running = new Set<T>()

  /** `skip`: a job cancelled while it waited in its lane. */
  constructor(run: (job: T) => Promise<void>, skip: (job: T) => boolean) {
    this.#run = run
    this.#skip = skip
  }

  enqueue(url: string, job: T): void {
    let lane = this.#lanes.get(url)
    if (!lane) {
      lane = { active: 0, queue: [] }
      this.#lanes.set(url, lane)
    }
    lane.queue.push(job)
    this.#pump(url, lane)
  }

  /** Whether a job has started (it no longer waits in its lane). */
  running(job: T): boolean {
    return this.#running.has(job)
  }

  /** Drops cancelled jobs that still wait, so they hold no memory. */
  prune(): void {
    for (const lane of this.#lanes.values())
      lane.queue = lane.queue.filter((job) => !this.#skip(job))
  }

  #pump(url: string, lane: Lane<T>): void {
    while (lane.active < MAX_CONCURRENT_PER_URL && lane.queue.length > 0) {
      const job = lane.queue.shift() as T
      if (this.#skip(job)) continue
      lane.active++
      this.#running.add(job)
      void this.#run(job).finally(() => {
        this.#running.delete(job)
        lane.active--
        if (lane.active === 0 && lane.queue.length === 0) this.#lanes.delete(url)
        else this.#pump(url, lane)
      })
    }
  }
}
