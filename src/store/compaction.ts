import type { ChildProcess } from 'node:child_process'
import { rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { startProcess } from '../worker-thread.js'
import { mergeFile, syncPath } from './data-file.js'

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
  /** The merged data file, written and synced beside `file`, to be renamed into place. */
  merged?: string
  error?: { message: string; code: string | undefined }
}

/** An idle compaction process stops after this long, giving its memory back. */
const IDLE_MS = 2000

/**
 * Runs compactions in a process of its own at the lowest priority, started
 * when one is due: the data file is read, merged and written there, so the
 * API's thread pays nothing for it, whatever the number of locations, and on
 * a busy machine the merge waits, not the API. The process stops when idle.
 * Only this side renames a merged file into place: a merger a killed mock left
 * behind writes nothing anyone will use.
 */
export class CompactionProcess {
  #child: ChildProcess | undefined
  #nextId = 1
  readonly #waiting = new Map<number, (result: CompactionResult) => void>()
  #idle: NodeJS.Timeout | undefined

  async run(job: CompactionJob): Promise<void> {
    const merged = await this.#merge(job)
    try {
      await rename(merged, job.file)
    } catch (error) {
      await rm(merged, { force: true })
      throw error
    }
    // The rename survives a power cut once the folder's entry is flushed.
    await syncPath(dirname(job.file))
  }

  async close(): Promise<void> {
    clearTimeout(this.#idle)
    const child = this.#child
    this.#child = undefined
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    // Unreferenced, its exit alone would not keep this process up to hear it.
    child.ref()
    // It exits when its channel closes; a kill too, in case it is busy in a parse.
    child.disconnect()
    child.kill()
    await exited
  }

  #merge(job: CompactionJob): Promise<string> {
    clearTimeout(this.#idle)
    const child = this.#start()
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, (result) => {
        if (this.#waiting.size === 0) {
          child.channel?.unref()
          this.#idle = setTimeout(() => void this.close(), IDLE_MS)
          this.#idle.unref()
        }
        if (result.merged) {
          resolve(result.merged)
          return
        }
        const error = new Error(
          result.error?.message ?? 'the compaction process gave no file',
        ) as NodeJS.ErrnoException
        if (result.error?.code) error.code = result.error.code
        // A process killed mid-write (out of memory, say) left its file behind.
        rm(mergeFile(job.file, child.pid ?? 0), { force: true }).finally(() => reject(error))
      })
      // A merge under way keeps the process up until its answer (a stop waits for it).
      child.channel?.ref()
      child.send({ ...job, id })
    })
  }

  #start(): ChildProcess {
    if (this.#child) return this.#child
    // One core at most: V8's collector and compiler threads would compete with
    // the API on a small machine (docs/performance.md#compaction).
    const child = startProcess('compaction-worker', import.meta.url, ['--single-threaded'])
    child.on('message', (result: CompactionResult) => {
      const done = this.#waiting.get(result.id)
      this.#waiting.delete(result.id)
      done?.(result)
    })
    const stopped = (message: string) => {
      if (this.#child === child) this.#child = undefined
      for (const done of this.#waiting.values())
        done({ id: 0, error: { message, code: undefined } })
      this.#waiting.clear()
    }
    child.on('error', (error) => stopped(`the compaction process failed: ${error.message}`))
    child.on('exit', (code, signal) =>
      stopped(`the compaction process stopped (${signal ?? `exit code ${code}`})`),
    )
    this.#child = child
    return child
  }
}
