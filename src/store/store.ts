import { chmod, mkdir, rm } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import {
  applyChange,
  type Change,
  COLLECTIONS,
  type CollectionName,
  type Collections,
  emptyState,
  type State,
} from './collections.js'
import { CompactionProcess } from './compaction.js'
import { DataFileError, dataFileAdapter, syncToDisk } from './data-file.js'
import { lockDataFile } from './lock.js'
import { checkDataFile, fsProblem } from './open-checks.js'
import { logFiles, recoverState, removeReplayedLogs } from './recovery.js'
import { WriteAheadLog } from './wal.js'
import { WAL_CHUNK } from './wal-format.js'

export const MEMORY = ':memory:'

/** Reads of the store's collections. */
export interface StateView {
  get<C extends CollectionName>(collection: C, key: string): Collections[C] | undefined
  /** Entries of a collection, in the order they were first stored. */
  entries<C extends CollectionName>(collection: C): IterableIterator<[string, Collections[C]]>
  size(collection: CollectionName): number
}

export interface StoreOptions {
  /** Compact the log into the data file after this long without writes. */
  compactAfterIdleMs?: number
  /** ...or as soon as the log grows past this many bytes. */
  compactAfterBytes?: number
  /** Told when a background compaction fails; the log keeps every change, the next one retries. */
  onCompactionError?: (error: Error) => void
  /** Zero bytes the log is laid out ahead of its lines. */
  walChunkBytes?: number
  /** Up to this many entries a compaction runs on the calling thread. */
  inlineCompactionMax?: number
}

/**
 * Up to this many entries the API's thread writes the data file itself, which
 * costs less than starting the compaction process; beyond, that process
 * merges the log, so the API's stall stays bounded whatever the data holds
 * (docs/performance.md#compaction).
 */
export const INLINE_COMPACTION_MAX = 500

/**
 * A background compaction starts no sooner than this many times the last
 * one's duration after it ended: under steady writes, merging a large file
 * takes at most a quarter of the time and of the disk
 * (docs/performance.md#compaction).
 */
export const COMPACTION_SPACING = 3

const DEFAULTS: Required<StoreOptions> = {
  compactAfterIdleMs: 500,
  compactAfterBytes: 64 * 1024 * 1024,
  onCompactionError: () => {},
  walChunkBytes: WAL_CHUNK,
  inlineCompactionMax: INLINE_COMPACTION_MAX,
}

/**
 * The mock's state: per-location settings (and more collections), in memory
 * for reads, persisted in a lowdb JSON data file. Each commit is first made
 * durable in a write-ahead log (group commit: one fdatasync for every
 * concurrent commit); the log is merged into the data file when writes pause,
 * when it grows large (in a process of its own, while appends go on into a new
 * log), and on close. Opening replays whatever a crash left behind.
 *
 * With MEMORY as the file nothing touches the disk.
 */
export class Store implements StateView {
  /** The data file as given (absolute), or MEMORY. */
  readonly file: string
  readonly #state: State
  readonly #options: Required<StoreOptions>
  /** Where the data really is (through a symlink), and its permission bits. */
  #real = ''
  /** Opened with no data file and no log beside it (always, in memory): where --initial-state applies. */
  #fresh = true
  /** The data file on disk is one this mock wrote (since it opened it). */
  #own = false
  #mode: number | undefined
  #wal: WriteAheadLog | undefined
  #merger: CompactionProcess | undefined
  #idleTimer: NodeJS.Timeout | undefined
  /** Set while a due compaction waits out COMPACTION_SPACING; writes do not push it back. */
  #spacingTimer: NodeJS.Timeout | undefined
  /** When the last compaction's spacing ends (performance.now()). */
  #spacedUntil = 0
  #compacting: Promise<void> | undefined
  /** A rotated segment an earlier compaction failed to merge. */
  #leftover = false
  #unlock: (() => Promise<void>) | undefined
  /** Commits handed to the log and not yet durable, oldest first. */
  readonly #pending: Change[][] = []

  /**
   * The state every write decides from: what is durable plus every commit
   * made and not yet durable, in order. A writer that reads here and commits
   * in the same synchronous run can never undo a write made before it
   * (issue 18: a POST pipelined before a partner callback was lost).
   */
  readonly latest: StateView = {
    get: (collection, key) => this.#latestGet(collection, key),
    entries: (collection) => this.#latestEntries(collection),
    size: (collection) =>
      this.#pending.length === 0
        ? this.#state[collection].size
        : this.#latestCollection(collection).size,
  }

  private constructor(file: string, state: State, options: Required<StoreOptions>) {
    this.file = file
    this.#state = state
    this.#options = options
  }

  static async open(file: string, options: StoreOptions = {}): Promise<Store> {
    const settings = { ...DEFAULTS, ...options }
    if (file === MEMORY) return new Store(MEMORY, emptyState(), settings)
    const { real, mode } = await checkDataFile(file)
    await mkdir(dirname(real), { recursive: true }).catch((error) => {
      throw fsProblem(dirname(real), error)
    })
    const unlock = await lockDataFile(real)
    try {
      return await Store.#openLocked(resolve(file), real, mode, settings, unlock)
    } catch (error) {
      await unlock()
      // A file system error names the file it met (the log, a leftover), in one line.
      const { path, code } = error as NodeJS.ErrnoException
      if (error instanceof DataFileError || !code) throw error
      throw fsProblem(path ?? real, error as NodeJS.ErrnoException)
    }
  }

  static async #openLocked(
    file: string,
    real: string,
    mode: number | undefined,
    options: Required<StoreOptions>,
    unlock: () => Promise<void>,
  ): Promise<Store> {
    const { state, stale, fresh } = await recoverState(real)
    const store = new Store(file, state, options)
    store.#fresh = fresh
    store.#real = real
    store.#mode = mode
    store.#unlock = unlock
    // Bring the data file up to date with what a crash left, and create it when missing.
    if (stale) await store.#writeDataFile()
    await removeReplayedLogs(real)
    store.#wal = await WriteAheadLog.create(
      logFiles(real).wal,
      (changes) => store.#apply(changes),
      options.walChunkBytes,
    )
    return store
  }

  /** Opened with no data file and no log (always in memory): a start from nothing. */
  get fresh(): boolean {
    return this.#fresh
  }

  /** What is durable: the API's reads answer from here, never from a write not yet acknowledged. */
  get<C extends CollectionName>(collection: C, key: string): Collections[C] | undefined {
    return this.#state[collection].get(key)
  }

  /** Entries of a collection, in the order they were first stored. */
  entries<C extends CollectionName>(collection: C): IterableIterator<[string, Collections[C]]> {
    return this.#state[collection].entries()
  }

  size(collection: CollectionName): number {
    return this.#state[collection].size
  }

  /**
   * Applies `changes` all or nothing; resolves once they are durable. From
   * the call on, `latest` reads them; a writer decides from `latest` in the
   * same synchronous run as its commit (or through `update`).
   */
  async commit(changes: Change[]): Promise<void> {
    const wal = this.#wal
    if (!wal) {
      this.#apply(changes)
      return
    }
    this.#pending.push(changes)
    try {
      await wal.append(changes)
    } finally {
      // Durable: applied to #state by the log; refused: never applied. Either way no longer pending.
      this.#pending.splice(this.#pending.indexOf(changes), 1)
    }
    this.#scheduleCompaction(wal)
  }

  /**
   * The one path for a read-modify-write: `decide` reads the latest state
   * (pending writes included) and returns the changes and its result, which
   * are committed before anything else can read or write.
   */
  async update<T>(decide: (latest: StateView) => { changes: Change[]; result: T }): Promise<T> {
    const { changes, result } = decide(this.latest)
    if (changes.length > 0) await this.commit(changes)
    return result
  }

  /**
   * Merges the log into the data file in the compaction process; appends go on
   * meanwhile into a new log. With an empty log there is nothing to do.
   */
  compact(): Promise<void> {
    const wal = this.#wal
    if (!wal) return Promise.resolve()
    this.#cancelIdleTimer()
    if (this.#compacting) return this.#compacting
    const started = performance.now()
    this.#compacting = this.#compactLog(wal).then(
      () => {
        this.#compacting = undefined
        const ended = performance.now()
        this.#spacedUntil = ended + COMPACTION_SPACING * (ended - started)
        // The writes that came while it merged: the next compaction takes them.
        if (this.#wal === wal && wal.size > 0) this.#scheduleCompaction(wal)
      },
      (error: unknown) => {
        this.#compacting = undefined
        throw error
      },
    )
    return this.#compacting
  }

  /** Finishes every pending write, writes the data file, and releases the files. */
  async close(): Promise<void> {
    this.#cancelIdleTimer()
    const wal = this.#wal
    if (!wal) return
    this.#wal = undefined
    await this.#compacting?.catch(() => {})
    await wal.close()
    await this.#merger?.close()
    // Nothing else runs now: the data file is written from memory, and a clean
    // stop leaves no log behind.
    await this.#writeDataFile()
    const logs = logFiles(this.#real)
    await rm(logs.wal, { force: true })
    await rm(logs.compacting, { force: true })
    await this.#unlock?.()
  }

  #latestGet<C extends CollectionName>(collection: C, key: string): Collections[C] | undefined {
    for (let i = this.#pending.length - 1; i >= 0; i--) {
      const changes = this.#pending[i] as Change[]
      for (let j = changes.length - 1; j >= 0; j--) {
        const change = changes[j] as Change
        if (change.op === 'clear') return undefined
        if (change.collection !== collection || change.key !== key) continue
        return change.op === 'put' ? (change.value as Collections[C]) : undefined
      }
    }
    return this.#state[collection].get(key)
  }

  #latestEntries<C extends CollectionName>(
    collection: C,
  ): IterableIterator<[string, Collections[C]]> {
    if (this.#pending.length === 0) return this.#state[collection].entries()
    return this.#latestCollection(collection).entries()
  }

  /** A copy of one collection with the pending commits applied: only while some are pending. */
  #latestCollection<C extends CollectionName>(collection: C): Map<string, Collections[C]> {
    const copy = new Map(this.#state[collection]) as Map<string, unknown>
    for (const changes of this.#pending) {
      for (const change of changes) {
        if (change.op === 'clear') copy.clear()
        else if (change.collection !== collection) continue
        else if (change.op === 'put') copy.set(change.key, change.value)
        else copy.delete(change.key)
      }
    }
    return copy as Map<string, Collections[C]>
  }

  /** Entries in all collections: what a compaction would serialize. */
  #entries(): number {
    let entries = 0
    for (const name of COLLECTIONS) entries += this.#state[name].size
    return entries
  }

  #apply(changes: Change[]): void {
    for (const change of changes) applyChange(this.#state, change)
  }

  async #writeDataFile(): Promise<void> {
    await dataFileAdapter(this.#real).write(this.#state)
    // steno's temp file has the default mode; the data file keeps its own.
    if (this.#mode !== undefined) await chmod(this.#real, this.#mode)
    await syncToDisk(this.#real)
    this.#own = true
  }

  async #compactLog(wal: WriteAheadLog): Promise<void> {
    const logs = logFiles(this.#real)
    // A segment an earlier compaction failed to merge goes first, alone.
    const retry = this.#leftover
    if (!retry) {
      if (wal.size === 0) return
      await wal.prepareNext()
      await wal.exclusive(() => wal.rotate(logs.compacting))
      this.#leftover = true
    }
    if (this.#entries() <= this.#options.inlineCompactionMax) {
      // Small: serializing here takes less than a process's start, and its memory.
      await this.#writeDataFile()
    } else {
      this.#merger ??= new CompactionProcess()
      const own = this.#own
      // Whatever the merger left, a failure means it is not known to be ours.
      this.#own = false
      // The POSTs meanwhile sync off the API's thread: the merge's write of the
      // whole data file can hold the disk for a tenth of a second.
      wal.syncOffThread = true
      try {
        await this.#merger.run({
          file: this.#real,
          segments: [logs.compacting],
          mode: this.#mode,
          own,
        })
      } finally {
        wal.syncOffThread = false
      }
      this.#own = true
    }
    await rm(logs.compacting, { force: true })
    this.#leftover = false
  }

  /** Runs on every write: one timer, pushed back, not a new timer and closure each time. */
  #scheduleCompaction(wal: WriteAheadLog): void {
    if (wal.size >= this.#options.compactAfterBytes) {
      this.#compactInBackground()
    } else if (this.#spacingTimer) {
      // Due already: it runs when the last one's spacing ends.
    } else if (this.#idleTimer) {
      this.#idleTimer.refresh()
    } else {
      this.#idleTimer = setTimeout(this.#compactWhenSpaced, this.#options.compactAfterIdleMs)
      this.#idleTimer.unref()
    }
  }

  readonly #compactWhenSpaced = (): void => {
    this.#idleTimer = undefined
    const wait = this.#spacedUntil - performance.now()
    if (wait <= 0) {
      this.#compactInBackground()
      return
    }
    this.#spacingTimer = setTimeout(() => {
      this.#spacingTimer = undefined
      this.#compactInBackground()
    }, wait)
    this.#spacingTimer.unref()
  }

  readonly #compactInBackground = (): void => {
    this.compact().catch(this.#options.onCompactionError)
  }

  #cancelIdleTimer(): void {
    clearTimeout(this.#idleTimer)
    clearTimeout(this.#spacingTimer)
    this.#idleTimer = undefined
    this.#spacingTimer = undefined
  }
}
