import { ftruncateSync, writeSync } from 'node:fs'
import { type FileHandle, open, readFile } from 'node:fs/promises'
import { StoredSettings } from '../schemas/hook-settings.js'
import { type Static, Type, TypeCompiler } from '../schemas/typebox.js'
import { DataFileError } from './data-file.js'

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

interface Pending {
  entry: JournalEntry
  resolve: () => void
  reject: (error: Error) => void
}

/**
 * Reads the entries a journal holds. A last line without its newline is a
 * write the process died in the middle of: it was never acknowledged, so it
 * is dropped. Any other bad line means the file was damaged by something else.
 */
async function readEntries(path: string): Promise<{ entries: JournalEntry[]; validBytes: number }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], validBytes: 0 }
    throw error
  }
  const end = text.lastIndexOf('\n') + 1
  const lines = text.slice(0, end).split('\n')
  lines.pop()
  const entries = lines.map((line, index) => {
    let entry: unknown
    try {
      entry = JSON.parse(line)
    } catch {
      entry = undefined
    }
    if (!checkEntry.Check(entry)) {
      throw new DataFileError(path, `line ${index + 1} of the journal is not a valid entry`)
    }
    return entry
  })
  return { entries, validBytes: Buffer.byteLength(text.slice(0, end)) }
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

/**
 * An append-only journal with group commit: every entry that arrives while a
 * sync is on its way to disk goes out in the next single write + fdatasync.
 * `append` resolves only once the entry is durable, after `apply` has run for
 * it, so callers acknowledge only what a crash cannot take back.
 *
 * The write itself is synchronous (a copy into the page cache, microseconds);
 * only the fdatasync goes to libuv's thread pool. On a busy 2-core machine
 * each trip through the pool cost 0.3-0.5 ms of waiting for a thread, and the
 * asynchronous write was one trip per batch (durable POSTs: ~4.5k/s -> ~5.5k/s).
 * Since fdatasync flushes everything written before it, a sync that completes
 * makes every earlier batch durable too; batches are applied and acknowledged
 * strictly in the order they were written.
 */
export class Journal {
  readonly path: string
  #handle: FileHandle
  #size: number
  #apply: (entry: JournalEntry) => void
  #pending: Pending[] = []
  /** Written, not yet acknowledged, in write order. */
  #inflight: Batch[] = []
  #drained: (() => void)[] = []
  #held = 0
  /** Set once the disk failed a sync: what it holds is no longer known. */
  #failed: Error | undefined

  private constructor(
    path: string,
    handle: FileHandle,
    size: number,
    apply: (entry: JournalEntry) => void,
  ) {
    this.path = path
    this.#handle = handle
    this.#size = size
    this.#apply = apply
  }

  /** Opens (or creates) the journal and returns the entries to replay. */
  static async open(
    path: string,
    apply: (entry: JournalEntry) => void,
  ): Promise<{ journal: Journal; entries: JournalEntry[] }> {
    const { entries, validBytes } = await readEntries(path)
    const handle = await open(path, 'a+')
    // Cut a torn last line, so the next append starts on a line of its own.
    const { size } = await handle.stat()
    if (size !== validBytes) await handle.truncate(validBytes)
    return { journal: new Journal(path, handle, validBytes, apply), entries }
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

  /** Empties the journal, durably. Only inside `exclusive`. */
  async reset(): Promise<void> {
    await this.#handle.truncate(0)
    await this.#handle.datasync()
    this.#size = 0
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
    const bytes = Buffer.from(items.map((p) => `${JSON.stringify(p.entry)}\n`).join(''))
    try {
      let offset = 0
      while (offset < bytes.length) offset += writeSync(this.#handle.fd, bytes, offset)
    } catch (error) {
      // Take back a partial write so the journal holds whole lines only.
      try {
        ftruncateSync(this.#handle.fd, this.#size)
      } catch {}
      for (const p of items) p.reject(error as Error)
      return
    }
    this.#size += bytes.length
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
        this.#failed = new Error(
          `the disk failed to sync the journal ${this.path} (${error.message}); restart the mock`,
        )
        for (const b of this.#inflight) {
          b.done = true
          b.error = this.#failed
        }
        this.#settle()
      },
    )
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
