import { AltegioError } from '../http/errors.js'
import { COLLECTIONS, type State, toJson } from '../store/collections.js'

/** Snapshots kept at once: a suite keeps a few; the bound keeps a runaway loop small. */
export const MAX_SNAPSHOTS = 100
/** ...and the bytes of their state as JSON, all together. */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024

/**
 * A part of the mock's state that lives beside the store and a snapshot keeps
 * too: location options, faults (a clock can join them). `take` answers a
 * JSON value that shares nothing with the live part.
 */
export interface SnapshotPart<T = unknown> {
  take(): T
  restore(value: T): void
  /** Entries in a taken value, for the list. */
  count(value: T): number
}

export interface Snapshot {
  name: string
  created_at: string
  /** The snapshot as JSON: what the bound counts. */
  bytes: number
  stored: State
  parts: Record<string, unknown>
}

/** A snapshot as GET /__mock/snapshots lists it. */
export interface SnapshotSummary {
  name: string
  created_at: string
  bytes: number
  /** Entries by collection (locations, applications, ...) and by part (location_options, faults). */
  entries: Record<string, number>
}

/**
 * Named snapshots, in memory: a snapshot is there for the run that took it
 * (tests take and restore them in one process), and the store's values are
 * shared, not copied, since the store replaces a value whole and never edits
 * it. Bounded by count and by bytes.
 */
export class Snapshots {
  readonly #byName = new Map<string, Snapshot>()
  #bytes = 0

  get bytes(): number {
    return this.#bytes
  }

  get size(): number {
    return this.#byName.size
  }

  /** Keeps `snapshot` under its name, replacing one of that name; a 409 when the bounds refuse it. */
  add(snapshot: Snapshot): void {
    const replaced = this.#byName.get(snapshot.name)
    const count = this.#byName.size + (replaced ? 0 : 1)
    const bytes = this.#bytes - (replaced?.bytes ?? 0) + snapshot.bytes
    if (count > MAX_SNAPSHOTS) {
      throw new AltegioError(
        409,
        `The mock keeps at most ${MAX_SNAPSHOTS} snapshots, and holds ${this.#byName.size}: delete some first (DELETE /__mock/snapshots/{name}), or take this one under the name of one to replace.`,
      )
    }
    if (bytes > MAX_SNAPSHOT_BYTES) {
      throw new AltegioError(
        409,
        `Snapshot "${snapshot.name}" holds ${snapshot.bytes} bytes of state, and the snapshots would hold ${bytes}, past the bound of ${MAX_SNAPSHOT_BYTES}: delete some first (DELETE /__mock/snapshots/{name}).`,
      )
    }
    this.#byName.delete(snapshot.name)
    this.#byName.set(snapshot.name, snapshot)
    this.#bytes = bytes
  }

  /** The snapshot of that name; a 404 that says which there are. */
  get(name: string): Snapshot {
    const snapshot = this.#byName.get(name)
    if (snapshot) return snapshot
    const names = [...this.#byName.keys()]
    throw new AltegioError(
      404,
      `No snapshot "${name}": ${names.length === 0 ? 'none was taken' : `there are ${names.map((n) => `"${n}"`).join(', ')}`} (a restart forgets them: they are kept in memory). Take one with POST /__mock/snapshots {"name": "${name}"}.`,
    )
  }

  remove(name: string): void {
    const snapshot = this.get(name)
    this.#byName.delete(name)
    this.#bytes -= snapshot.bytes
  }

  list(parts: Record<string, SnapshotPart>): SnapshotSummary[] {
    return [...this.#byName.values()].map((snapshot) => summaryOf(snapshot, parts))
  }
}

export function summaryOf(
  snapshot: Snapshot,
  parts: Record<string, SnapshotPart>,
): SnapshotSummary {
  const entries: Record<string, number> = {}
  for (const name of COLLECTIONS) entries[name] = snapshot.stored[name].size
  for (const [name, part] of Object.entries(parts)) {
    entries[name] = part.count(snapshot.parts[name])
  }
  return { name: snapshot.name, created_at: snapshot.created_at, bytes: snapshot.bytes, entries }
}

/** A snapshot of `stored` and the parts, measured as the JSON it amounts to. */
export function takeSnapshot(
  name: string,
  createdAt: string,
  stored: State,
  parts: Record<string, SnapshotPart>,
): Snapshot {
  const taken = Object.fromEntries(Object.entries(parts).map(([key, part]) => [key, part.take()]))
  const bytes = Buffer.byteLength(JSON.stringify({ stored: toJson(stored), parts: taken }))
  return { name, created_at: createdAt, bytes, stored, parts: taken }
}
