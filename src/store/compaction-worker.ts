// The compaction process: merges a log segment into a new data file, so the
// thread that answers the API never parses, serializes or writes the whole
// data (which grows with the number of locations). A process, not a thread,
// so that all of its CPU, its garbage collection too, yields to the API's
// (docs/performance.md#compaction). It only ever writes its own merge file:
// the mock renames that into place, so a merger that outlives a killed mock
// cannot overwrite the data file of the one started after it.
import { rmSync } from 'node:fs'
import { chmod, open, rm, stat } from 'node:fs/promises'
import { lowerProcessPriority } from '../worker-thread.js'
import { applyChange, emptyState, type State } from './collections.js'
import type { CompactionJob, CompactionResult } from './compaction.js'
import { dataFileAdapter, mergeFile, readOwnDataFile, serializeDataFile } from './data-file.js'
import { replayLog } from './wal-reader.js'

const send = process.send?.bind(process)
if (!send) throw new Error('compaction-worker runs only as the mock’s compaction process')
lowerProcessPriority()

/** The last merge file, removed if the mock goes away before renaming it (once renamed, the name is free). */
let writing: string | undefined
// The mock stopped or was killed: nobody will rename what this process writes.
process.on('disconnect', () => {
  if (writing) rmSync(writing, { force: true })
  process.exit(0)
})

/** What this process last wrote: its state, and the file as stat saw it after. */
let written: { file: string; ino: number; size: number; mtimeMs: number; state: State } | undefined

/**
 * The data file's state: the one this process wrote last if the file is still
 * that one (the API's thread writes small merges itself, as a new file), so
 * that under steady writes a compaction replays its log instead of parsing
 * and checking every location again (docs/performance.md#compaction).
 */
async function readState(file: string, own: boolean): Promise<State> {
  const kept = written
  // Replaying changes into the kept state; a failure on the way spoils it.
  written = undefined
  const now = await stat(file).catch(() => undefined)
  if (
    kept?.file === file &&
    now?.ino === kept.ino &&
    now.size === kept.size &&
    now.mtimeMs === kept.mtimeMs
  ) {
    return kept.state
  }
  if (own) return readOwnDataFile(file)
  return (await dataFileAdapter(file).read()) ?? emptyState()
}

/** Writes the merged data file beside `file`, synced; resolves to its path. */
async function compact({ file, segments, mode, own }: CompactionJob): Promise<string> {
  const state = await readState(file, own)
  for (const segment of segments) {
    await replayLog(segment, (changes) => {
      for (const change of changes) applyChange(state, change)
    })
  }
  const merged = mergeFile(file, process.pid)
  writing = merged
  try {
    const handle = await open(merged, 'w')
    try {
      await handle.writeFile(serializeDataFile(state))
      // A new file has the default mode; the data file keeps its own.
      if (mode !== undefined) await chmod(merged, mode)
      await handle.sync()
    } finally {
      await handle.close()
    }
    // A rename keeps the inode, size and mtime that say the file is still this state.
    const { ino, size, mtimeMs } = await stat(merged)
    written = { file, ino, size, mtimeMs, state }
    return merged
  } catch (error) {
    await rm(merged, { force: true })
    throw error
  }
}

process.on('message', (job: CompactionJob & { id: number }) => {
  compact(job).then(
    (merged) => send({ id: job.id, merged } satisfies CompactionResult),
    (error: NodeJS.ErrnoException) =>
      send({
        id: job.id,
        error: { message: error.message, code: error.code },
      } satisfies CompactionResult),
  )
})
