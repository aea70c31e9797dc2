import { writeSync } from 'node:fs'
import { type FileHandle, open, readFile, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { StoredSettings } from '../schemas/hook-settings.js'
import { type Static, Type, TypeCompiler } from '../schemas/typebox.js'
import { DataFileError, syncPath } from './data-file.js'

export const JournalEntry = Type.Union([
  Type.Object({
    op: Type.Literal('put'),
    location_id: Type.Integer({ minimum: 1 }),
    settings: StoredSettings,
  }),
  Type.Object({ op: Type.Literal('delete'), location_id: Type.Integer({ minimum: 1 }) }),
  Type.Object({ op: Type.Literal('clear') }),
])
export type JournalEntry = Static<typeof JournalEntry>

const checkEntry = TypeCompiler.Compile(JournalEntry)

/**
 * Zero bytes the journal keeps written ahead of its entries (1 MiB, about
 * 2,000 entries). Overwriting blocks that already hold data and then
 * fdatasync flushes only those blocks; appending also changes the file's size,
 * which costs a metadata commit on every sync. Measured here: ~150-200 us per
 * write + fdatasync against ~250 us appending; creating 1 MiB of zeros and
 * syncing it ~4 ms (4 MiB: ~20 ms).
 */
export const JOURNAL_CHUNK = 1024 * 1024

const ZEROS = Buffer.alloc(64 * 1024)

interface Pending {
  entry: JournalEntry
  resolve: () => void
  reject: (error: Error) => void
}

const NUL = 0
const NEWLINE = 10

/**
 * Reads the entries a journal holds: JSON lines, then zeros. Reading stops at
 * the first line that a crash tore: one without its newline, or one with zero
 * bytes in it (a sector that never reached the disk; valid JSON never holds a
 * zero byte). Such a line and whatever follows it belong to a write that was
 * never acknowledged. A whole line that is not an entry means the file was
 * damaged by something else.
 */
async function readEntries(path: string): Promise<{
  entries: JournalEntry[]
  /** Bytes of the whole lines read; null when there is no file. */
  validBytes: number | null
  /** Whether anything but zeros follows them. */
  dirtyTail: boolean
}> {
  let data: Buffer
  try {
    data = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { entries: [], validBytes: null, dirtyTail: false }
    }
    throw error
  }
  const entries: JournalEntry[] = []
  let start = 0
  while (start < data.length && data[start] !== NUL) {
    const end = data.indexOf(NEWLINE, start)
    if (end === -1) break
    const line = data.subarray(start, end)
    if (line.includes(NUL)) break
    let entry: unknown
    try {
      entry = JSON.parse(line.toString('utf8'))
    } catch {
      entry = undefined
    }
    if (!checkEntry.Check(entry)) {
      throw new DataFileError(
        path,
        `line ${entries.length + 1} of the journal is not a valid entry`,
      )
    }
    entries.push(entry)
    start = end + 1
  }
  return { entries, validBytes: start, dirtyTail: !isZeros(data.subarray(start)) }
}

function isZeros(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length; at += ZEROS.length) {
    const part = bytes.subarray(at, at + ZEROS.length)
    if (!part.equals(ZEROS.subarray(0, part.length))) return false
  }
  return true
}

function writeAll(fd: number, bytes: Buffer, position: number): void {
  let done = 0
  while (done < bytes.length) {
    done += writeSync(fd, bytes, done, bytes.length - done, position + done)
  }
}

function writeZeros(fd: number, position: number, length: number): void {
  for (let at = 0; at < length; at += ZEROS.length) {
    writeAll(fd, ZEROS.subarray(0, Math.min(ZEROS.length, length - at)), position + at)
  }
}

/**
 * Puts an empty journal (`chunk` zero bytes) at `path` atomically: written
 * and synced under another name, then renamed over the old one. A crash
 * leaves either the old journal, whole, or the new one.
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

/** Entries written together and covered by one fdatasync. */
interface Batch {
  items: Pending[]
  done: boolean
  error?: Error
}

/**
 * fdatasyncs in flight at once. More let the next batch sync while the last
 * one's completion comes back through the event loop, but measured here
 * (npm run bench's POST, 10 connections) 2 was no faster and 4 or 8 slower:
 * smaller batches, more syncs for the disk to order.
 */
const MAX_SYNCS = 1

/** The disk failed a journal write or sync; the change it carried was not applied. */
export class DiskError extends Error {
  override name = 'DiskError'
  constructor(
    message: string,
    /**
     * Every later change fails too: after a failed sync, what the file holds
     * is no longer known until the mock restarts and replays it.
     */
    readonly lasting: boolean,
  ) {
    super(message)
  }
}

/**
 * A journal with group commit: every entry that arrives while a sync is on
 * its way to disk goes out in the next single write + fdatasync. `append`
 * resolves only once the entry is durable, after `apply` has run for it, so
 * callers acknowledge only what a crash cannot take back.
 *
 * Entries are JSON lines written over zeros the file already holds
 * (JOURNAL_CHUNK more whenever they run out), so a sync flushes data blocks
 * and no file size. The write itself is synchronous (a copy into the page
 * cache, microseconds); only the fdatasync goes to libuv's thread pool. On a
 * busy 2-core machine each trip through the pool cost 0.3-0.5 ms of waiting
 * for a thread, and the asynchronous write was one trip per batch (durable
 * POSTs: ~4.5k/s -> ~5.5k/s). Since fdatasync flushes everything written
 * before it, a sync that completes makes every earlier batch durable too;
 * batches are applied and acknowledged strictly in the order they were written.
 */
export class Journal {
  readonly path: string
  readonly #chunk: number
  #handle: FileHandle
  /** Bytes of entries since the last reset: where the next batch goes. */
  #size: number
  /** Bytes in the file; past #size they are zeros. */
  #capacity: number
  #apply: (entry: JournalEntry) => void
  #pending: Pending[] = []
  /** Written, not yet acknowledged, in write order. */
  #inflight: Batch[] = []
  #drained: (() => void)[] = []
  #held = 0
  /** Set once the disk failed a write or a sync: what it holds is no longer known. */
  #failed: DiskError | undefined

  private constructor(
    path: string,
    chunk: number,
    handle: FileHandle,
    size: number,
    capacity: number,
    apply: (entry: JournalEntry) => void,
  ) {
    this.path = path
    this.#chunk = chunk
    this.#handle = handle
    this.#size = size
    this.#capacity = capacity
    this.#apply = apply
  }

  /** Opens (or creates) the journal and returns the entries to replay. */
  static async open(
    path: string,
    apply: (entry: JournalEntry) => void,
    { chunk = JOURNAL_CHUNK }: { chunk?: number } = {},
  ): Promise<{ journal: Journal; entries: JournalEntry[] }> {
    // An empty journal that a crash kept from replacing this one: never used.
    await rm(`${path}.tmp`, { force: true })
    const { entries, validBytes, dirtyTail } = await readEntries(path)
    if (validBytes === null) await createEmpty(path, chunk)
    const handle = await open(path, 'r+')
    try {
      const { size } = await handle.stat()
      const valid = validBytes ?? 0
      if (dirtyTail) {
        // Zero what a crash tore, so the next batch is followed by zeros only.
        writeZeros(handle.fd, valid, size - valid)
        await handle.datasync()
      }
      return { journal: new Journal(path, chunk, handle, valid, size, apply), entries }
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  /** Bytes in the journal since the last reset. */
  get size(): number {
    return this.#size
  }

  append(entry: JournalEntry): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed)
    return new Promise((resolve, reject) => {
      this.#pending.push({ entry, resolve, reject })
      this.#kick()
    })
  }

  /**
   * Runs `work` with no journal write in progress; appends wait meanwhile.
   * Compaction uses it to snapshot a state no write is changing.
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

  /** Empties the journal, durably: a fresh file of zeros. Only inside `exclusive`. */
  async reset(): Promise<void> {
    await createEmpty(this.path, this.#chunk)
    const handle = await open(this.path, 'r+')
    await this.#handle.close()
    this.#handle = handle
    this.#size = 0
    this.#capacity = this.#chunk
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    while (this.#pending.length > 0 || this.#inflight.length > 0) await this.#idle()
    await this.#handle.close()
  }

  #idle(): Promise<void> {
    if (this.#inflight.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.#drained.push(resolve))
  }

  #kick(): void {
    if (this.#held > 0 || this.#pending.length === 0 || this.#inflight.length >= MAX_SYNCS) return
    const items = this.#pending
    this.#pending = []
    if (this.#failed) {
      for (const p of items) p.reject(this.#failed)
      return
    }
    const bytes = Buffer.from(items.map((p) => `${JSON.stringify(p.entry)}\n`).join(''))
    const fd = this.#handle.fd
    const at = this.#size
    try {
      writeAll(fd, bytes, at)
    } catch (error) {
      // Lines of a failed write must not stay for a later start to replay.
      try {
        writeZeros(fd, at, bytes.length)
      } catch {
        this.#fail(error as Error, 'write')
      }
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
        // A full disk: the journal appends until there is room again.
      }
    }
    const batch: Batch = { items, done: false }
    this.#inflight.push(batch)
    this.#handle.datasync().then(
      () => {
        // Everything written before this sync is durable now (a later
        // sync may have said so already and settled this batch).
        const last = this.#inflight.indexOf(batch)
        for (let i = 0; i <= last; i++) (this.#inflight[i] as Batch).done = true
        this.#settle()
      },
      (error: Error) => {
        this.#fail(error, 'sync')
        for (const b of this.#inflight) {
          b.done = true
          b.error = this.#failed
        }
        this.#settle()
      },
    )
  }

  #diskError(error: Error, what: 'write' | 'sync', lasting: boolean): DiskError {
    return new DiskError(
      `the disk failed to ${what} the journal ${this.path} (${error.message})`,
      lasting,
    )
  }

  #fail(error: Error, what: 'write' | 'sync'): void {
    this.#failed = this.#diskError(error, what, true)
  }

  /** Acknowledges finished batches in write order, then writes what waited. */
  #settle(): void {
    while (this.#inflight[0]?.done) {
      const batch = this.#inflight.shift() as Batch
      for (const p of batch.items) {
        if (batch.error) {
          p.reject(batch.error)
          continue
        }
        this.#apply(p.entry)
        p.resolve()
      }
    }
    if (this.#inflight.length === 0) {
      for (const resolve of this.#drained.splice(0)) resolve()
    }
    this.#kick()
  }
}
