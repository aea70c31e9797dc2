// The compaction thread: merges a log segment into the data file, so the
// thread that answers the API never parses, serializes or writes the whole
// data (which grew with the number of locations).
import { chmod, stat } from 'node:fs/promises'
import { parentPort } from 'node:worker_threads'
import { lowerThreadPriority } from '../worker-thread.js'
import { applyChange, emptyState, type State } from './collections.js'
import type { CompactionJob, CompactionResult } from './compaction.js'
import { dataFileAdapter, readOwnDataFile, syncToDisk } from './data-file.js'
import { replayLog } from './wal-reader.js'

const port = parentPort
if (!port) throw new Error('compaction-worker runs only as the mock’s compaction thread')
lowerThreadPriority()

/** What this thread last wrote: its state, and the file as stat saw it after. */
let written: { file: string; ino: number; size: number; mtimeMs: number; state: State } | undefined

/**
 * The data file's state: the one this thread wrote last if the file is still
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

async function compact({ file, segments, mode, own }: CompactionJob): Promise<void> {
  const state = await readState(file, own)
  for (const segment of segments) {
    await replayLog(segment, (changes) => {
      for (const change of changes) applyChange(state, change)
    })
  }
  await dataFileAdapter(file).write(state)
  // steno's temp file has the default mode; the data file keeps its own.
  if (mode !== undefined) await chmod(file, mode)
  await syncToDisk(file)
  const { ino, size, mtimeMs } = await stat(file)
  written = { file, ino, size, mtimeMs, state }
}

port.on('message', (job: CompactionJob & { id: number }) => {
  compact(job).then(
    () => port.postMessage({ id: job.id } satisfies CompactionResult),
    (error: NodeJS.ErrnoException) =>
      port.postMessage({
        id: job.id,
        error: { message: error.message, code: error.code },
      } satisfies CompactionResult),
  )
})
