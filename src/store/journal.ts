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

/**
 * An append-only journal with group commit: every entry that arrives while a
 * write is on its way to disk goes out in the next single write + fdatasync.
 * `append` resolves only once the entry is durable, after `apply` has run for
 * it, so callers acknowledge only what a crash cannot take back.
 */
export class Journal {
  readonly path: string
  #handle: FileHandle
  #size: number
  #apply: (entry: JournalEntry) => void
  #pending: Pending[] = []
  #running: Promise<void> | undefined
  #held = 0

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
      await this.#running
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
    while (this.#running) await this.#running
    await this.#handle.close()
  }

  #kick(): void {
    if (this.#running || this.#held > 0 || this.#pending.length === 0) return
    this.#running = this.#drain().finally(() => {
      this.#running = undefined
      this.#kick()
    })
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0 && this.#held === 0) {
      const batch = this.#pending
      this.#pending = []
      const bytes = Buffer.from(batch.map((p) => `${JSON.stringify(p.entry)}\n`).join(''))
      try {
        await this.#writeAll(bytes)
        await this.#handle.datasync()
      } catch (error) {
        // Take back a partial write so the journal holds whole lines only.
        await this.#handle.truncate(this.#size).catch(() => {})
        for (const p of batch) p.reject(error as Error)
        continue
      }
      this.#size += bytes.length
      for (const p of batch) {
        this.#apply(p.entry)
        p.resolve()
      }
    }
  }

  async #writeAll(bytes: Buffer): Promise<void> {
    let offset = 0
    while (offset < bytes.length) {
      const { bytesWritten } = await this.#handle.write(bytes, offset, bytes.length - offset, null)
      offset += bytesWritten
    }
  }
}
