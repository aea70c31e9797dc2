import { open } from 'node:fs/promises'
import { dirname } from 'node:path'
import { DataFile } from 'lowdb/node'
import { FLAG_NAMES, StoredSettings } from '../schemas/hook-settings.js'
import { POSITIVE_ID } from '../schemas/ids.js'
import { type Static, Type, TypeCompiler } from '../schemas/typebox.js'

/** A data file or journal the mock refuses to start with; the file is left untouched. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      `Cannot use the data file ${file}: ${problem}. The mock left it untouched; fix it, move it away, or start with --data pointing to another file.`,
    )
    this.name = 'DataFileError'
  }
}

/**
 * The file's shape. Flags may be omitted in a hand-written file (they read as
 * 0); what the mock writes always has every flag.
 */
const FileSettings = Type.Object({
  ...StoredSettings.properties,
  ...Object.fromEntries(
    FLAG_NAMES.map((name) => [name, Type.Optional(StoredSettings.properties[name])]),
  ),
})

export const DataShape = Type.Object({
  locations: Type.Record(Type.String(), FileSettings),
})
export type DataShape = { locations: Record<string, StoredSettings> }

const checkShape = TypeCompiler.Compile(DataShape)

export function emptyData(): DataShape {
  return { locations: {} }
}

/** Fills omitted flags with 0, so everything in memory has every field. */
function normalize(data: Static<typeof DataShape>): DataShape {
  for (const settings of Object.values(data.locations)) {
    const record = settings as Record<string, unknown>
    for (const name of FLAG_NAMES) record[name] ??= 0
  }
  return data as DataShape
}

function firstProblem(value: unknown): string {
  const [error] = checkShape.Errors(value)
  if (!error) return 'unknown shape error'
  const where = error.path === '' ? 'the top level' : error.path
  return `${where}: ${error.message} (expected {"locations": {"<location id>": {"urls": [...], "active": 0 or 1, ...}}})`
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  )
}

/** Parses and checks the file's text; any problem is a DataFileError naming the file. */
export function parseDataFile(file: string, text: string): DataShape {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new DataFileError(file, `it is not valid JSON (${(error as Error).message})`)
  }
  // `{}` is how people start a file by hand: read it as no locations.
  if (isEmptyObject(value)) return emptyData()
  if (!checkShape.Check(value)) {
    throw new DataFileError(file, `it does not have the mock's shape at ${firstProblem(value)}`)
  }
  const badId = Object.keys(value.locations).find((id) => !POSITIVE_ID.test(id))
  if (badId !== undefined) {
    throw new DataFileError(
      file,
      `"${badId}" under "locations" is not a location id (a positive integer)`,
    )
  }
  return normalize(value)
}

/**
 * lowdb's adapter for the data file: atomic writes (temp file + rename, by
 * steno) and our parse/check on read. Pretty-printed, so people can read it.
 */
export function dataFileAdapter(file: string): DataFile<DataShape> {
  return new DataFile<DataShape>(file, {
    parse: (text) => parseDataFile(file, text),
    stringify: (data) => `${JSON.stringify(data, null, 2)}\n`,
  })
}

/**
 * Makes a completed rename survive power loss: flush the file, then the
 * folder entry that points to it. steno's rename alone survives a crash of the
 * process, not of the machine.
 */
export async function syncToDisk(file: string): Promise<void> {
  await syncPath(file)
  await syncPath(dirname(file))
}

/** fsync of one file or folder, so what it holds (a folder: its names) survives a power cut. */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
