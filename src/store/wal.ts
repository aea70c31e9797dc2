import { fdatasync, fdatasyncSync, ftruncateSync } from 'node:fs'
import { type FileHandle, open, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Change } from './collections.js'
import { syncPath } from './data-file.js'
import { DiskError } from './disk-error.js'
import { encodeLine, writeAll, writeZeros, ZEROS } from './wal-format.js'

interface Pending {
  changes: Change[]
  resolve: () => void
  reject: (error: Error) => void
}

/**
 * Puts an empty log (`chunk` zero bytes) at `path` atomically: written and
 * synced under another name, then renamed over whatever was there. The
 * writes are asynchronous: this runs beside the API, never holding it.
 */
async function createEmpty(path: string, chunk: number): Promise<void> {
  const temporary = `${path}.tmp`
  const handle = await open(temporary, 'w')
  try {
    for (let at = 0; at < chunk; at += ZEROS.length) {
      await handle.write(ZEROS, 0, Math.min(ZEROS.length, chunk - at), at)
    }
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, path)
  await syncPath(dirname(path))
}

/**
 * The store's write-ahead log, with group commit: every commit of one turn
 * of the event loop goes out in a single write + fdatasync. `append`
 * resolves only once its changes are durable, after `apply` has run for them,
 * so callers acknowledge only what a crash cannot take back.
 *
 * Lines are written over zeros the file already holds (`chunk` more whenever
 * they run out), so a sync flushes data blocks and no file size. Both the
 * write and the sync run on the calling thread.
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
  #held = 0
  /** Set once the disk failed a sync: what the file holds is no longer known. */
  #failed: DiskError | undefined
  /**
   * Sync through libuv's thread pool instead of on the calling thread: set
   * while the compaction process writes the data file, when a sync can wait
   * on the disk for a tenth of a second (docs/performance.md#compaction).
   */
  syncOffThread = false
  /** The sync in flight off the thread; the next batch waits for it, in order. */
  #syncing: Promise<void> | undefined

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
      // Every commit of this turn of the event loop goes in one write and sync.
      if (this.#pending.length === 1) setImmediate(() => this.#kick())
    })
  }

  /**
   * Runs `work` with no write of the log in progress; appends wait meanwhile.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.#held++
    try {
      await this.#syncing
      return await work()
    } finally {
      this.#held--
      this.#kick()
    }
  }

  /**
   * Lays out the empty file the next rotation moves into place, outside
   * `exclusive`, so appends never wait for a chunk of zeros to be written and
   * synced (docs/performance.md#write-ahead-log).
   */
  prepareNext(): Promise<void> {
    return createEmpty(`${this.path}.next`, this.#chunk)
  }

  /**
   * Moves the log's lines to `to` and goes on in the file `prepareNext` laid
   * out: what was written stays on disk for compaction, and appends carry on.
   * Only inside `exclusive`; two renames and a folder sync.
   */
  async rotate(to: string): Promise<void> {
    const temporary = `${this.path}.next`
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

  /** Writes what is pending, then closes the file. */
  async close(): Promise<void> {
    this.syncOffThread = false
    await this.#syncing
    this.#kick()
    await this.#handle.close()
  }

  #kick(): void {
    if (this.#held > 0 || this.#syncing || this.#pending.length === 0) return
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
    if (this.syncOffThread) {
      this.#syncing = new Promise((done) => {
        fdatasync(fd, (error) => {
          this.#syncing = undefined
          if (error) this.#failed = this.#diskError(error, 'sync', true)
          this.#settle(items, this.#failed)
          done()
          this.#kick()
        })
      })
      return
    }
    // On the calling thread: a trip through libuv's thread pool and back cost
    // more than the sync itself (docs/performance.md#write-ahead-log).
    try {
      fdatasyncSync(fd)
    } catch (error) {
      this.#failed = this.#diskError(error as Error, 'sync', true)
      this.#settle(items, this.#failed)
      return
    }
    this.#settle(items)
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
    for (const p of items) {
      if (error) {
        p.reject(error)
        continue
      }
      this.#apply(p.changes)
      p.resolve()
    }
  }
}
