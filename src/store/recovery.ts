import { readdir, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { applyChange, emptyState, type State } from './collections.js'
import { dataFileAdapter } from './data-file.js'
import { alive } from './pid.js'
import { replayLog } from './wal-reader.js'

/** The files beside a data file: the log, the segment being compacted, and 0.1's log. */
export const logFiles = (file: string) => ({
  wal: `${file}.wal`,
  compacting: `${file}.wal.compacting`,
  legacy: `${file}.journal`,
})

/**
 * The state a start resumes: the data file, then every commit the logs beside
 * it hold. `stale`: the data file is missing or behind the logs, and must be
 * written before they go. `fresh`: there was neither a data file nor a log.
 */
export async function recoverState(
  real: string,
): Promise<{ state: State; stale: boolean; fresh: boolean }> {
  const stored = await dataFileAdapter(real).read()
  const state = stored ?? emptyState()
  const logs = logFiles(real)
  // Segments in the order they were written: 0.1's log, one a compaction
  // never finished, the log itself.
  let replayed = 0
  for (const segment of [logs.legacy, logs.compacting, logs.wal]) {
    replayed += await replayLog(segment, (changes) => {
      for (const change of changes) applyChange(state, change)
    })
  }
  return { state, stale: replayed > 0 || stored === null, fresh: stored === null && replayed === 0 }
}

/** Removes the segments a start replayed and wrote into the data file; the log itself goes on. */
export async function removeReplayedLogs(real: string): Promise<void> {
  const logs = logFiles(real)
  await rm(logs.legacy, { force: true })
  await rm(logs.compacting, { force: true })
  // Empty logs a crash kept from being renamed into place: never used.
  await rm(`${logs.wal}.tmp`, { force: true })
  await rm(`${logs.wal}.next.tmp`, { force: true })
  await rm(`${logs.wal}.next`, { force: true })
  // What a killed mock, or its compaction process, was writing.
  await removeDeadProcessFiles(real)
}

/**
 * Files beside `file` whose process is gone: merge files (a killed mock's; see
 * mergeFile) and the lock's own, written and moved aside while taking it.
 */
async function removeDeadProcessFiles(file: string): Promise<void> {
  const merge = `.${basename(file)}.merge-`
  const lock = `${basename(file)}.lock.`
  for (const name of await readdir(dirname(file))) {
    const pid = name.startsWith(merge)
      ? name.endsWith('.tmp') && name.slice(merge.length, -'.tmp'.length)
      : name.startsWith(lock) &&
        /^(\d+)-[0-9a-f]+\.(?:tmp|stale)$/.exec(name.slice(lock.length))?.[1]
    const id = Number(pid)
    if (pid && Number.isInteger(id) && id > 0 && !alive(id)) {
      await rm(join(dirname(file), name), { force: true })
    }
  }
}
