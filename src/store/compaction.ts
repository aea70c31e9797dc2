import type { Worker } from 'node:worker_threads'
import { startWorker } from '../worker-thread.js'

/** Merge `segments` (log files, in order) into the data file `file`. */
export interface CompactionJob {
  file: string
  segments: string[]
  /** The data file's permission bits, kept across the rewrite. */
  mode: number | undefined
  /** The data file is one this mock wrote: read it without checking it again. */
  own: boolean
}

export interface CompactionResult {
  id: number
  error?: { message: string; code: string | undefined }
}

/** An idle compaction thread stops after this long, giving its heap back. */
const IDLE_MS = 2000

/**
 * Runs compactions on a thread of their own, started when one is due: the
 * data file is read, merged and written there, so the API's thread pays
 * nothing for it, whatever the number of locations. The thread stops when
 * idle, so the memory a large merge took does not stay with the process.
 */
export class CompactionThread {
  #worker: Worker | undefined
  #nextId = 1
  readonly #waiting = new Map<number, (result: CompactionResult) => void>()
  #idle: NodeJS.Timeout | undefined

  run(job: CompactionJob): Promise<void> {
    clearTimeout(this.#idle)
    const worker = this.#start()
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, (result) => {
        if (this.#waiting.size === 0) {
          this.#idle = setTimeout(() => void this.close(), IDLE_MS)
          this.#idle.unref()
        }
        if (!result.error) {
          resolve()
          return
        }
        const error = new Error(result.error.message) as NodeJS.ErrnoException
        if (result.error.code) error.code = result.error.code
        reject(error)
      })
      worker.postMessage({ ...job, id })
    })
  }

  async close(): Promise<void> {
    clearTimeout(this.#idle)
    const worker = this.#worker
    this.#worker = undefined
    await worker?.terminate()
  }

  #start(): Worker {
    if (this.#worker) return this.#worker
    const worker = startWorker('compaction-worker', import.meta.url, undefined)
    worker.on('message', (result: CompactionResult) => {
      const done = this.#waiting.get(result.id)
      this.#waiting.delete(result.id)
      done?.(result)
    })
    const stopped = (message: string) => {
      if (this.#worker === worker) this.#worker = undefined
      for (const done of this.#waiting.values())
        done({ id: 0, error: { message, code: undefined } })
      this.#waiting.clear()
    }
    worker.on('error', (error) => stopped(`the compaction thread failed: ${error.message}`))
    worker.on('exit', (code) => stopped(`the compaction thread stopped (exit code ${code})`))
    this.#worker = worker
    return worker
  }
}
