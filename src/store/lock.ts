import { randomBytes } from 'node:crypto'
import type { Stats } from 'node:fs'
import { link, open, rename, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { DataFileError } from './data-file.js'
import { fsProblem } from './open-checks.js'
import { alive } from './pid.js'

/** Data files this process holds: a second open here is refused too. */
const heldHere = new Set<string>()

/**
 * An empty or torn lock this young is one being written (by an older mock,
 * which created it and then wrote its pid, or where there are no hard links): held, not stale.
 */
const UNREAD_GRACE_MS = 5000

/** Rounds of "taken, judged stale, removed" before giving up on a lock that keeps changing. */
const MAX_ROUNDS = 10

/** File systems without hard links answer link() with one of these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'])

interface Holder {
  pid: number
  hostname: string
}

/** The lock as found: its file's identity and its holder (undefined: empty or torn); undefined if gone. */
async function inspect(lock: string): Promise<{ info: Stats; holder?: Holder } | undefined> {
  const handle = await open(lock, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (!handle) return undefined
  try {
    const info = await handle.stat()
    if (info.isDirectory())
      throw Object.assign(new Error(`${lock} is a folder`), { code: 'EISDIR' })
    try {
      const holder = JSON.parse(await handle.readFile('utf8')) as Holder
      return Number.isInteger(holder?.pid) ? { info, holder } : { info }
    } catch {
      return { info }
    }
  } finally {
    await handle.close()
  }
}

/**
 * Takes `${file}.lock`, so two mocks never write one data file: their
 * write-ahead logs would interleave and each would compact over the other's writes.
 * A lock whose process is gone (killed, or an earlier container on the same
 * volume, where PID 1 is reused and the hostname differs) is taken over.
 * Resolves with the function that releases it.
 */
export async function lockDataFile(file: string): Promise<() => Promise<void>> {
  if (heldHere.has(file)) {
    throw new DataFileError(
      file,
      'this process has it open already',
      'Close that store first, or give each one its own file.',
    )
  }
  // Before any await: two opens in this process at once see each other.
  heldHere.add(file)
  try {
    const lock = `${file}.lock`
    await takeLock(file, lock)
    return async () => {
      heldHere.delete(file)
      await rm(lock, { force: true })
    }
  } catch (error) {
    heldHere.delete(file)
    if (error instanceof DataFileError) throw error
    throw fsProblem(`${file}.lock`, error as NodeJS.ErrnoException)
  }
}

async function takeLock(file: string, lock: string): Promise<void> {
  const me: Holder = { pid: process.pid, hostname: hostname() }
  const text = `${JSON.stringify(me)}\n`
  // The lock appears with its holder written, by link(): never empty, never torn.
  const ready = `${lock}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  await writeFile(ready, text, { flag: 'wx' })
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (await place(ready, lock, text)) return
      const seen = await inspect(lock)
      if (!seen) continue
      const { info, holder } = seen
      if (!holder) {
        if (Date.now() - info.mtimeMs < UNREAD_GRACE_MS) {
          throw new DataFileError(
            file,
            `another altegio-hooks-mock is starting on it (${lock} is new and still empty)`,
            'Wait for it, or give each mock its own --data file, or :memory:; a lock left empty for a few seconds is taken over.',
          )
        }
      } else if (holder.hostname === me.hostname && holder.pid !== me.pid && alive(holder.pid)) {
        throw new DataFileError(
          file,
          `another altegio-hooks-mock (pid ${holder.pid}) is using it (see ${lock})`,
          'Stop that one, or give each mock its own --data file, or :memory:.',
        )
      }
      await removeStale(lock, info)
    }
    throw new DataFileError(
      file,
      `its lock ${lock} keeps changing hands`,
      'Stop the other mocks starting on it, or give each mock its own --data file, or :memory:.',
    )
  } finally {
    await rm(ready, { force: true })
  }
}

/** Puts the lock in place unless one is there; false if one is. */
async function place(ready: string, lock: string, text: string): Promise<boolean> {
  try {
    await link(ready, lock)
    return true
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    if (code === 'EEXIST') return false
    if (!code || !NO_LINKS.has(code)) throw error
  }
  // Without hard links: created, then written; a lock seen empty meanwhile counts as held.
  try {
    await writeFile(lock, text, { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/**
 * Removes the stale lock judged from `judged`, and only that file: another
 * process may have taken it over and placed its own since. Moved aside first,
 * so the file removed is the one looked at; one that turns out to be another's
 * goes back where it was.
 */
async function removeStale(lock: string, judged: Stats): Promise<void> {
  const aside = `${lock}.${process.pid}-${randomBytes(4).toString('hex')}.stale`
  try {
    await rename(lock, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = await stat(aside)
  if (moved.ino !== judged.ino || moved.dev !== judged.dev) {
    await link(aside, lock).catch(() => {})
  }
  await rm(aside, { force: true })
}
