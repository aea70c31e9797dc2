// The compaction thread: merges a log segment into the data file, so the
// thread that answers the API never parses, serializes or writes the whole
// data (which grew with the number of locations).
import { chmod } from 'node:fs/promises'
import { parentPort } from 'node:worker_threads'
import { lowerThreadPriority } from '../worker-thread.js'
import { applyChange, emptyState } from './collections.js'
import type { CompactionJob, CompactionResult } from './compaction.js'
import { dataFileAdapter, syncToDisk } from './data-file.js'
import { replayLog } from './wal-reader.js'

const port = parentPort
if (!port) throw new Error('compaction-worker runs only as the mock’s compaction thread')
lowerThreadPriority()

async function compact({ file, segments, mode }: CompactionJob): Promise<void> {
  const adapter = dataFileAdapter(file)
  const state = (await adapter.read()) ?? emptyState()
  for (const segment of segments) {
    await replayLog(segment, (changes) => {
      for (const change of changes) applyChange(state, change)
    })
  }
  await adapter.write(state)
  // steno's temp file has the default mode; the data file keeps its own.
  if (mode !== undefined) await chmod(file, mode)
  await syncToDisk(file)
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
