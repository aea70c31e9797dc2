import { ftruncateSync } from 'node:fs'
import { type FileHandle, open, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Change } from './collections.js'
import { syncPath } from './data-file.js'
import { DiskError } from './disk-error.js'
import { encodeLine, writeAll, writeZeros } from './wal-format.js'

interface Pending {
  changes: Change[]
  resolve: () => void
  reject: (error: Error) => void
}

/**
 * Puts an empty log (`chunk` zero bytes) at `path` atomically: written and
 * synced under another name, then renamed over whatever was there.
 */
async function createEmpty(path: string, chunk: number): Promise<void> {
  const temporary = `${path}.tmp`
  const handle = await open(temporary, 'w')
  try {
    writeZeros(handle.fd, 0, chunk)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, path)
  await syncPath(dirname(path))
}

/**
 * The store's write-ahead log, with group commit: every commit that arrives
 * while a sync is on its way to disk goes out in the next single write +
 * fdatasync. `append` resolves only once its changes are durable, after
 * `apply` has run for them, so callers acknowledge only what a crash cannot
 * take back.
 *
 * Lines are written over zeros the file already holds (`chunk` more whenever
 * they run out), so a sync flushes data blocks and no file size. The write is
 * synchronous (a copy into the page cache); only the fdatasync goes to
 * libuv's thread pool, one at a time.
 */
export class WriteAheadLog {
  readonly path: string
  readonly #chunk: number
  readonly #apply: (changes: Change[]) => void
  #handle: FileHandle
  /** Bytes of lines in the file: where the next batch goes. */
  #size = 0
  /** Bytes in the file; past #size they are zeros. */
  #capacity: number
  #pending: Pending[] = []
  /** The batch whose fdatasync is under way. */
  #syncing: Pending[] | undefined
  #drained: (() => void)[] = []
  #held = 0
  /** Set once the disk failed a sync: what the file holds is no longer known. */
  #failed: DiskError | undefined

  private constructor(
    path: string,
    chunk: number,
    handle: FileHandle,
    apply: (changes: Change[]) => void,
  ) {
    this.path = path
    this.#chunk = chunk
    this.#handle = handle
    this.#capacity = chunk
    this.#apply = apply
  }

  /** A new, empty log at `path`; `apply` runs for each commit once it is durable. */
  static async create(
    path: string,
    apply: (changes: Change[]) => void,
    chunk: number,
  ): Promise<WriteAheadLog> {
    await createEmpty(path, chunk)
    return new WriteAheadLog(path, chunk, await open(path, 'r+'), apply)
  }

  /** Bytes of lines in the log. */
  get size(): number {
    return this.#size
  }

  append(changes: Change[]): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed)
    return new Promise((resolve, reject) => {
      this.#pending.push({ changes, resolve, reject })
      this.#kick()
    })
  }

  /**
   * Runs `work` with no write of the log in progress; appends wait meanwhile.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.#held++
    try {
      await this.#idle()
      return await work()
    } finally {
      this.#held--
      this.#kick()
    }
  }

  /**
   * Moves the log's lines to `to` and goes on in a new empty file: what was
   * written stays on disk for compaction, and appends carry on meanwhile.
   * Only inside `exclusive`.
   */
  async rotate(to: string): Promise<void> {
    const temporary = `${this.path}.next`
    await createEmpty(temporary, this.#chunk)
    const next = await open(temporary, 'r+')
    try {
      await rename(this.path, to)
      await rename(temporary, this.path)
      await syncPath(dirname(this.path))
    } catch (error) {
      await next.close()
      throw error
    }
    await this.#handle.close()
    this.#handle = next
    this.#size = 0
    this.#capacity = this.#chunk
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    while (this.#pending.length > 0 || this.#syncing) await this.#idle()
    await this.#handle.close()
  }

  #idle(): Promise<void> {
    if (!this.#syncing) return Promise.resolve()
    return new Promise((resolve) => this.#drained.push(resolve))
  }

  #kick(): void {
    if (this.#held > 0 || this.#pending.length === 0 || this.#syncing) return
    const items = this.#pending
    this.#pending = []
    if (this.#failed) {
      for (const p of items) p.reject(this.#failed)
      return
    }
    const bytes = Buffer.from(items.map((p) => encodeLine(p.changes)).join(''))
    const fd = this.#handle.fd
    const at = this.#size
    try {
      writeAll(fd, bytes, at)
    } catch (error) {
      this.#rollBack(at, bytes.length)
      const failed = this.#failed ?? this.#diskError(error as Error, 'write', false)
      for (const p of items) p.reject(failed)
      return
    }
    this.#size += bytes.length
    if (this.#size > this.#capacity) {
      // Past the zeros: lay down the next chunk, synced with this batch.
      this.#capacity = this.#size
      try {
        writeZeros(fd, this.#size, this.#chunk)
        this.#capacity += this.#chunk
      } catch {
        // A full disk: lines append past the zeros until there is room again.
        this.#rollBack(this.#size, this.#chunk, true)
      }
    }
    this.#syncing = items
    this.#handle.datasync().then(
      () => this.#settle(items),
      (error: Error) => {
        this.#failed = this.#diskError(error, 'sync', true)
        this.#settle(items, this.#failed)
      },
    )
  }

  /**
   * Undoes a write that failed part way, so no later start replays its
   * lines: zeros over what lies within the file's zeros, and the file cut
   * back where it had grown. Only if that fails too is the log unusable.
   */
  #rollBack(at: number, length: number, beyondOnly = false): void {
    try {
      if (!beyondOnly && at < this.#capacity) {
        writeZeros(this.#handle.fd, at, Math.min(length, this.#capacity - at))
      }
      if (at + length > this.#capacity) ftruncateSync(this.#handle.fd, this.#capacity)
    } catch (error) {
      this.#failed = this.#diskError(error as Error, 'write', true)
    }
  }

  #diskError(error: Error, what: 'write' | 'sync', lasting: boolean): DiskError {
    return new DiskError(
      `the disk failed to ${what} the log ${this.path} (${error.message})`,
      lasting,
    )
  }

  #settle(items: Pending[], error?: Error): void {
    this.#syncing = undefined
    for (const p of items) {
      if (error) {
        p.reject(error)
        continue
      }
      this.#apply(p.changes)
      p.resolve()
    }
    for (const resolve of this.#drained.splice(0)) resolve()
    this.#kick()
  }
}
