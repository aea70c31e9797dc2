import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { Low, Memory } from 'lowdb'
import type { StoredSettings } from '../schemas/hook-settings.js'
import { type DataShape, dataFileAdapter, emptyData, syncToDisk } from './data-file.js'
import { JOURNAL_CHUNK, Journal, type JournalEntry } from './journal.js'
import { lockDataFile } from './lock.js'

export const MEMORY = ':memory:'

export interface SettingsStoreOptions {
  /** Compact the journal into the data file after this long without writes. */
  compactAfterIdleMs?: number
  /** ...or as soon as the journal grows past this many bytes. */
  compactAfterBytes?: number
  /**
   * Told when a background compaction fails. Nothing is lost (the journal
   * still holds every change); the next compaction tries again.
   */
  onCompactionError?: (error: Error) => void
  /** Zero bytes the journal is laid out ahead of its entries (default JOURNAL_CHUNK). */
  journalChunkBytes?: number
}

const DEFAULTS: Required<SettingsStoreOptions> = {
  compactAfterIdleMs: 500,
  compactAfterBytes: 64 * 1024 * 1024,
  onCompactionError: () => {},
  journalChunkBytes: JOURNAL_CHUNK,
}

function applyEntry(data: DataShape, entry: JournalEntry): void {
  switch (entry.op) {
    case 'put':
      data.locations[entry.location_id] = entry.settings
      break
    case 'delete':
      delete data.locations[entry.location_id]
      break
    case 'clear':
      data.locations = {}
      break
  }
}

/**
 * Per-location settings. The lowdb data file is the readable source of truth;
 * each change is first made durable in an append-only journal (group commit,
 * so one fdatasync covers every concurrent write), and the journal is
 * compacted into the data file when writes pause, when it grows large, and on
 * close. Opening replays whatever journal a crash left behind.
 *
 * With MEMORY as the file nothing touches the disk.
 */
export class SettingsStore {
  readonly file: string
  #db: Low<DataShape>
  #journal: Journal | undefined
  #options: Required<SettingsStoreOptions>
  #idleTimer: NodeJS.Timeout | undefined
  #compacting: Promise<void> | undefined
  #unlock: (() => Promise<void>) | undefined

  private constructor(file: string, db: Low<DataShape>, options: Required<SettingsStoreOptions>) {
    this.file = file
    this.#db = db
    this.#options = options
  }

  static async open(file: string, options: SettingsStoreOptions = {}): Promise<SettingsStore> {
    const settings = { ...DEFAULTS, ...options }
    if (file === MEMORY) {
      const db = new Low<DataShape>(new Memory(), emptyData())
      return new SettingsStore(MEMORY, db, settings)
    }
    const path = resolve(file)
    await mkdir(dirname(path), { recursive: true })
    const unlock = await lockDataFile(path)
    try {
      return await SettingsStore.#openLocked(path, settings, unlock)
    } catch (error) {
      await unlock()
      throw error
    }
  }

  static async #openLocked(
    path: string,
    settings: Required<SettingsStoreOptions>,
    unlock: () => Promise<void>,
  ): Promise<SettingsStore> {
    const adapter = dataFileAdapter(path)
    // Read through the adapter, not db.read(): a missing file must be told
    // apart from an empty one, so that it is created.
    const stored = await adapter.read()
    const db = new Low<DataShape>(adapter, stored ?? emptyData())
    const store = new SettingsStore(path, db, settings)
    store.#unlock = unlock
    const { journal, entries } = await Journal.open(
      `${path}.journal`,
      (entry) => applyEntry(db.data, entry),
      { chunk: settings.journalChunkBytes },
    )
    store.#journal = journal
    for (const entry of entries) applyEntry(db.data, entry)
    // Bring the data file up to date with what a crash left in the journal,
    // and create it when it is missing.
    if (entries.length > 0 || stored === null) await store.compact({ force: true })
    return store
  }

  get(locationId: number): StoredSettings | undefined {
    return this.#db.data.locations[locationId]
  }

  /** Number of locations with saved settings. */
  get size(): number {
    return Object.keys(this.#db.data.locations).length
  }

  /** Replaces a location's settings; resolves once the change is durable. */
  put(locationId: number, settings: StoredSettings): Promise<void> {
    return this.#change({ op: 'put', location_id: locationId, settings })
  }

  delete(locationId: number): Promise<void> {
    return this.#change({ op: 'delete', location_id: locationId })
  }

  clear(): Promise<void> {
    return this.#change({ op: 'clear' })
  }

  /**
   * Writes the whole state into the data file and empties the journal; with
   * nothing in the journal there is nothing to do, unless forced.
   */
  compact({ force = false } = {}): Promise<void> {
    const journal = this.#journal
    if (!journal) return Promise.resolve()
    this.#cancelIdleTimer()
    // Concurrent callers share one compaction.
    this.#compacting ??= journal
      .exclusive(async () => {
        if (journal.size === 0 && !force) return
        await this.#db.write()
        await syncToDisk(this.file)
        await journal.reset()
      })
      .finally(() => {
        this.#compacting = undefined
      })
    return this.#compacting
  }

  /** Finishes every pending write, compacts, and releases the files. */
  async close(): Promise<void> {
    this.#cancelIdleTimer()
    if (!this.#journal) return
    await this.compact()
    await this.#journal.close()
    this.#journal = undefined
    await this.#unlock?.()
  }

  async #change(entry: JournalEntry): Promise<void> {
    const journal = this.#journal
    if (!journal) {
      applyEntry(this.#db.data, entry)
      return
    }
    await journal.append(entry)
    this.#scheduleCompaction(journal)
  }

  /** Runs on every write: one timer, pushed back, not a new timer and closure each time. */
  #scheduleCompaction(journal: Journal): void {
    if (journal.size >= this.#options.compactAfterBytes) {
      this.#compactInBackground()
    } else if (this.#idleTimer) {
      this.#idleTimer.refresh()
    } else {
      this.#idleTimer = setTimeout(this.#compactInBackground, this.#options.compactAfterIdleMs)
      this.#idleTimer.unref()
    }
  }

  readonly #compactInBackground = (): void => {
    this.compact().catch(this.#options.onCompactionError)
  }

  #cancelIdleTimer(): void {
    clearTimeout(this.#idleTimer)
    this.#idleTimer = undefined
  }
}
