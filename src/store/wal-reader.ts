import { open } from 'node:fs/promises'
import type { Change } from './collections.js'
import { DataFileError } from './data-file.js'
import { decodeLine } from './wal-format.js'

const NUL = 0
const NEWLINE = 10
/** Read this much of a log at a time: a long log never sits in memory whole. */
const READ_CHUNK = 1024 * 1024

/**
 * Hands `apply` each commit a log file holds: JSON lines, then zeros. Reading
 * stops at the first line a crash tore: one without its newline, or one with
 * zero bytes in it (a sector that never reached the disk; valid JSON never
 * holds a zero byte). Such a line and whatever follows belong to a write that
 * was never acknowledged. A whole line that is not a commit means the file
 * was damaged by something else. A missing file holds nothing. Resolves with
 * the number of commits.
 */
export async function replayLog(path: string, apply: (changes: Change[]) => void): Promise<number> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  let commits = 0
  let carry = Buffer.alloc(0)
  const buffer = Buffer.alloc(READ_CHUNK)
  try {
    return await readCommits()
  } catch (error) {
    // A read error names no file; this one is the log.
    ;(error as NodeJS.ErrnoException).path ??= path
    throw error
  } finally {
    await handle.close()
  }

  async function readCommits(): Promise<number> {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, null)
      if (bytesRead === 0) return commits
      let data = Buffer.concat([carry, buffer.subarray(0, bytesRead)])
      let start = 0
      for (;;) {
        if (start < data.length && data[start] === NUL) return commits
        const end = data.indexOf(NEWLINE, start)
        if (end === -1) break
        const line = data.subarray(start, end)
        if (line.includes(NUL)) return commits
        const changes = decodeLine(line.toString('utf8'))
        if (!changes) {
          throw new DataFileError(path, `line ${commits + 1} of the log is not a valid entry`)
        }
        apply(changes)
        commits += 1
        start = end + 1
      }
      data = data.subarray(start)
      // A zero byte in what is left is a torn line or the zeros laid out ahead.
      if (data.includes(NUL)) return commits
      carry = Buffer.from(data)
    }
  }
}
