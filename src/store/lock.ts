import { open, readFile, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { DataFileError } from './data-file.js'
import { fsProblem } from './open-checks.js'

/** Data files this process holds: a second open here is refused too. */
const heldHere = new Set<string>()

interface Holder {
  pid: number
  hostname: string
}

/** A process of that id runs on this machine. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: a process of another user has that id; it is not ours to judge.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function holderOf(lock: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(lock, 'utf8')) as Holder
  } catch {
    return undefined
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
  try {
    return await takeLock(file)
  } catch (error) {
    if (error instanceof DataFileError) throw error
    throw fsProblem(`${file}.lock`, error as NodeJS.ErrnoException)
  }
}

async function takeLock(file: string): Promise<() => Promise<void>> {
  if (heldHere.has(file)) {
    throw new DataFileError(
      file,
      'this process has it open already',
      'Close that store first, or give each one its own file.',
    )
  }
  const lock = `${file}.lock`
  const me: Holder = { pid: process.pid, hostname: hostname() }
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, 'wx')
      await handle.writeFile(`${JSON.stringify(me)}\n`)
      await handle.close()
      heldHere.add(file)
      return async () => {
        heldHere.delete(file)
        await rm(lock, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error
    }
    const holder = await holderOf(lock)
    const running =
      holder !== undefined &&
      holder.hostname === me.hostname &&
      holder.pid !== me.pid &&
      alive(holder.pid)
    if (running) {
      throw new DataFileError(
        file,
        `another altegio-hooks-mock (pid ${holder.pid}) is using it (see ${lock})`,
        'Stop that one, or give each mock its own --data file, or :memory:.',
      )
    }
    await rm(lock, { force: true })
  }
}
