import { open } from 'node:fs/promises'
import { dirname } from 'node:path'
import { DataFile } from 'lowdb/node'
import { POSITIVE_ID } from '../schemas/ids.js'
import { StoredApplication } from '../schemas/marketplace/application.js'
import { INSTALLATION_KEY, StoredInstallation } from '../schemas/marketplace/installation.js'
import { Type } from '../schemas/typebox.js'
import { lazyCheck } from '../schemas/validator.js'
import { emptyState, type State, toJson } from './collections.js'
import { FileSettings, fileSettingsProblem, settingsFromFile } from './file-shapes.js'

/** A data file or log the mock refuses to start with; the file is left untouched. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
    advice = 'The mock left it untouched; fix it, move it away, or start with --data pointing to another file.',
  ) {
    super(`Cannot use the data file ${file}: ${problem}. ${advice}`)
    this.name = 'DataFileError'
  }
}

export const DataShape = Type.Object({
  locations: Type.Record(Type.String(), FileSettings),
  // Marketplace state: optional, so files written before it read as before.
  applications: Type.Optional(Type.Record(Type.String(), StoredApplication)),
  installations: Type.Optional(Type.Record(Type.String(), StoredInstallation)),
})

const checkShape = lazyCheck(DataShape)
const EXPECTED =
  '{"locations": {"<location id>": {"url_settings": [{"url": "...", "active": 0 or 1, ...}]}}}'

function firstProblem(): string {
  const [error] = checkShape.errors
  if (!error) return 'unknown shape error'
  const where = error.instancePath === '' ? 'the top level' : error.instancePath
  return `${where}: ${error.message} (expected ${EXPECTED})`
}

/** Parses and checks the file's text; any problem is a DataFileError naming the file. */
export function parseDataFile(file: string, text: string): State {
  let value: unknown
  try {
    // A BOM is what some editors put first in a hand-edited file.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    throw new DataFileError(file, `it is not valid JSON (${(error as Error).message})`)
  }
  const state = emptyState()
  // `{}` is how people start a file by hand: read it as no locations.
  if (isEmptyObject(value)) return state
  if (!checkShape(value)) {
    throw new DataFileError(file, `it does not have the mock's shape at ${firstProblem()}`)
  }
  for (const [id, settings] of Object.entries(value.locations)) {
    if (!POSITIVE_ID.test(id)) {
      throw new DataFileError(
        file,
        `"${id}" under "locations" is not a location id (a positive integer)`,
      )
    }
    const problem = fileSettingsProblem(settings)
    if (problem) throw new DataFileError(file, `location ${id} ${problem}`)
    state.locations.set(id, settingsFromFile(settings))
  }
  for (const [id, application] of Object.entries(value.applications ?? {})) {
    if (!POSITIVE_ID.test(id) || Number(id) !== application.application_id) {
      throw new DataFileError(file, `"${id}" under "applications" is not its application_id`)
    }
    state.applications.set(id, application)
  }
  for (const [key, installation] of Object.entries(value.installations ?? {})) {
    const { location_id, application_id } = installation
    if (!INSTALLATION_KEY.test(key) || key !== `${location_id}:${application_id}`) {
      throw new DataFileError(
        file,
        `"${key}" under "installations" is not "<location_id>:<application_id>" of its entry`,
      )
    }
    state.installations.set(key, installation)
  }
  return state
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  )
}

/**
 * lowdb's adapter for the data file: atomic writes (temp file + rename, by
 * steno) and our parse/check on read. Pretty-printed, so people can read it.
 */
export function dataFileAdapter(file: string): DataFile<State> {
  return new DataFile<State>(file, {
    parse: (text) => parseDataFile(file, text),
    stringify: (state) => `${JSON.stringify(toJson(state), null, 2)}\n`,
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
