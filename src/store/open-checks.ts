import { lstat, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { DataFileError } from './data-file.js'
import { logFiles } from './recovery.js'

const VIRTUAL = ['/proc', '/sys', '/dev']
// A tmpfs under /dev that keeps files until a reboot: fast storage for tests.
const KEEPS_FILES = '/dev/shm/'

/**
 * Where the data file really is (through a symlink, so the link's target is
 * the file kept up to date) and its permission bits, after refusing what the
 * mock cannot keep data in: a folder, a FIFO or device, a read-only file, a
 * virtual file system.
 */
export async function checkDataFile(
  given: string,
): Promise<{ real: string; mode: number | undefined }> {
  const path = resolve(given)
  const real = await realpath(path).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw fsProblem(path, error)
    // A dangling link: its target is where the file will be.
    const link = await lstat(path).catch(() => undefined)
    if (link?.isSymbolicLink())
      throw new DataFileError(
        path,
        'it is a symbolic link to a file that does not exist',
        'Create the target, or point --data at a real path.',
      )
    const folder = await realpath(dirname(path)).catch(() => dirname(path))
    return join(folder, basename(path))
  })
  const virtual = real.startsWith(KEEPS_FILES)
    ? undefined
    : VIRTUAL.find((root) => real === root || real.startsWith(`${root}/`))
  if (virtual) {
    throw new DataFileError(
      real,
      `it is under ${virtual}, a virtual file system that cannot keep data`,
      'Give --data a path on a disk, or :memory:.',
    )
  }
  await checkBeside(real)
  const info = await stat(real).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw fsProblem(real, error)
  })
  if (!info) return { real, mode: undefined }
  if (info.isDirectory()) {
    throw new DataFileError(
      real,
      'it is a folder',
      `Give --data a file path inside it, e.g. --data ${join(real, 'db.json')}.`,
    )
  }
  if (!info.isFile()) {
    throw new DataFileError(
      real,
      `it is not a regular file (${kindOf(info)})`,
      'Give --data the path of a regular file, or :memory:.',
    )
  }
  // The lock is taken by name: a second name for the file would get past it.
  if (info.nlink > 1) {
    throw new DataFileError(
      real,
      `it has ${info.nlink} hard links: a second mock could open it by another name, past the lock`,
      `Give this mock a copy of its own (cp ${real} ${real}.own, then --data ${real}.own), or remove the other links.`,
    )
  }
  if ((info.mode & 0o200) === 0) {
    throw new DataFileError(
      real,
      `it is read-only (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')})`,
      `The mock writes every change to it: make it writable (chmod u+w ${real}), or start with --data pointing to another file.`,
    )
  }
  return { real, mode: info.mode & 0o7777 }
}

/** The logs and the lock beside the data file: a FIFO there would hang the start in open(). */
async function checkBeside(real: string): Promise<void> {
  const { wal, compacting, legacy } = logFiles(real)
  for (const path of [wal, compacting, legacy, `${real}.lock`]) {
    const info = await stat(path).catch(() => undefined)
    // A folder has its own message, where it is opened.
    if (!info || info.isFile() || info.isDirectory()) continue
    throw new DataFileError(
      path,
      `it is not a regular file (${kindOf(info)})`,
      'Remove it, or start with --data pointing to another file.',
    )
  }
}

/**
 * What keeps `path` from being read as a file given at start, or undefined:
 * reading a FIFO would wait for a writer that never comes.
 */
export async function notAFile(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined)
  if (!info || info.isFile()) return undefined
  return info.isDirectory() ? 'it is a folder' : `it is not a regular file (${kindOf(info)})`
}

function kindOf(info: Awaited<ReturnType<typeof stat>>): string {
  if (info.isFIFO()) return 'a FIFO'
  if (info.isSocket()) return 'a socket'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  return 'not a file'
}

/** A file system error at start, as one line that names the file and what to do. */
export function fsProblem(file: string, error: NodeJS.ErrnoException): DataFileError {
  switch (error.code) {
    case 'EISDIR':
    case 'ERR_FS_EISDIR':
      return new DataFileError(
        file,
        'it is a folder',
        'Remove or rename that folder, or start with --data pointing to another file.',
      )
    case 'ENOSPC':
      return new DataFileError(
        file,
        'the disk is full',
        'Free some space, or start with --data on another disk, or :memory:.',
      )
    case 'EACCES':
    case 'EPERM':
      return new DataFileError(
        file,
        'permission denied',
        'Check the file and its folder are writable by this user, or start with --data pointing to another file.',
      )
    case 'EROFS':
      return new DataFileError(
        file,
        'the file system is read-only',
        'Start with --data on a writable disk, or :memory:.',
      )
    case 'ENOTDIR':
      return new DataFileError(
        file,
        'a part of its path is a file, not a folder',
        'Fix the path given to --data.',
      )
    default:
      return new DataFileError(
        file,
        `${error.code ?? 'error'}: ${error.message}`,
        'Check the disk and the path given to --data.',
      )
  }
}
