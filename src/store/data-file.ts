import { open, readFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { DataFile } from 'lowdb/node'
import { StoredClientFix } from '../schemas/clients.js'
import { INSTALLATION_KEY, POSITIVE_ID } from '../schemas/ids.js'
import { StoredApplication } from '../schemas/marketplace/application.js'
import { StoredInstallation } from '../schemas/marketplace/installation.js'
import { precompiled } from '../schemas/precompiled.js'
import { type Static, Type } from '../schemas/typebox.js'
import { lazyCheck } from '../schemas/validator.js'
import { StoredCallList } from '../schemas/voip/calls.js'
import { StoredVoipIntegration } from '../schemas/voip/integration.js'
import { emptyState, fromJson, type State, toJson } from './collections.js'
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

/** The data file's locations, the one part every file has: precompiled in the CLI's bundle. */
export const FILE_LOCATIONS = Type.Record(Type.String(), FileSettings)

// One checker per part, each compiled only when a file has that part: a file
// without marketplace state starts without compiling its schemas
// (docs/performance.md#start-up).
const PARTS = {
  locations: lazyCheck(FILE_LOCATIONS, precompiled.fileLocations),
  // Marketplace state: optional, so files written before it read as before.
  applications: lazyCheck(Type.Record(Type.String(), StoredApplication)),
  installations: lazyCheck(Type.Record(Type.String(), StoredInstallation)),
  clients: lazyCheck(Type.Record(Type.String(), StoredClientFix)),
  // VoIP state (voip contract, section 6): optional too.
  voip_integrations: lazyCheck(Type.Record(Type.String(), StoredVoipIntegration)),
  voip_calls: lazyCheck(Type.Record(Type.String(), StoredCallList)),
}
const EXPECTED =
  '{"locations": {"<location id>": {"url_settings": [{"url": "...", "active": 0 or 1, ...}]}}}'

type FileParts = {
  version?: unknown
  locations: Record<string, Static<typeof FileSettings>>
  applications?: Record<string, StoredApplication>
  installations?: Record<string, StoredInstallation>
  clients?: Record<string, StoredClientFix>
  voip_integrations?: Record<string, StoredVoipIntegration>
  voip_calls?: Record<string, StoredCallList>
}

/** The first thing wrong with the file's shape, as "where: what (expected ...)"; undefined if none. */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `the top level: must be object (expected ${EXPECTED})`
  }
  const parts = value as Record<string, unknown>
  if (!('locations' in parts)) {
    return `the top level: must have required property 'locations' (expected ${EXPECTED})`
  }
  for (const [name, check] of Object.entries(PARTS)) {
    if (name !== 'locations' && parts[name] === undefined) continue
    if (check(parts[name])) continue
    const [error] = check.errors
    const hint =
      name === 'locations'
        ? `expected ${EXPECTED}`
        : `the mock writes "${name}" itself: remove the entry and register or install it again`
    return `/${name}${error?.instancePath ?? ''}: ${error?.message ?? 'unknown shape error'} (${hint})`
  }
  return undefined
}

/** What is wrong with a state document (a data file, PUT /__mock/state, --initial-state): "where: what". */
export class StateDocumentError extends Error {
  override name = 'StateDocumentError'
}

/**
 * The version of the state document: the data file's format. A file without
 * one is version 1 (every file written so far); GET /__mock/state writes it.
 */
export const STATE_VERSION = 1

/** The state as one JSON document: the data file's format, with its version. */
export function stateDocument(state: State): StateDocumentJson {
  return { version: STATE_VERSION, ...toJson(state) } as StateDocumentJson
}

export type StateDocumentJson = {
  version: typeof STATE_VERSION
  locations: Record<string, unknown>
} & Record<string, Record<string, unknown> | number>

/** Parses and checks the file's text; any problem is a DataFileError naming the file. */
export function parseDataFile(file: string, text: string): State {
  let value: unknown
  try {
    // A BOM is what some editors put first in a hand-edited file.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    throw new DataFileError(file, `it is not valid JSON (${(error as Error).message})`)
  }
  try {
    return stateFromDocument(value)
  } catch (error) {
    if (error instanceof StateDocumentError) throw new DataFileError(file, error.message)
    throw error
  }
}

/**
 * Checks a parsed state document and reads it into a State: the one check of
 * the data file at start, of PUT /__mock/state and of --initial-state.
 */
export function stateFromDocument(value: unknown): State {
  const state = emptyState()
  // `{}` is how people start a file by hand: read it as no locations.
  if (isEmptyObject(value)) return state
  const problem = shapeProblem(value)
  if (problem) throw new StateDocumentError(`it does not have the mock's shape at ${problem}`)
  const parts = value as FileParts
  if (parts.version !== undefined && parts.version !== STATE_VERSION) {
    throw new StateDocumentError(
      `its "version" is ${JSON.stringify(parts.version)}, and this mock reads version ${STATE_VERSION} (GET /__mock/state writes it)`,
    )
  }
  for (const [id, settings] of Object.entries(parts.locations)) {
    if (!POSITIVE_ID.test(id)) {
      throw new StateDocumentError(
        `"${id}" under "locations" is not a location id (a positive integer)`,
      )
    }
    const unreadable = fileSettingsProblem(settings)
    if (unreadable) throw new StateDocumentError(`location ${id} ${unreadable}`)
    state.locations.set(id, settingsFromFile(settings))
  }
  for (const [id, application] of Object.entries(parts.applications ?? {})) {
    if (!POSITIVE_ID.test(id) || Number(id) !== application.application_id) {
      throw new StateDocumentError(`"${id}" under "applications" is not its application_id`)
    }
    state.applications.set(id, application)
  }
  for (const [key, installation] of Object.entries(parts.installations ?? {})) {
    const { location_id, application_id } = installation
    if (!INSTALLATION_KEY.test(key) || key !== `${location_id}:${application_id}`) {
      throw new StateDocumentError(
        `"${key}" under "installations" is not "<location_id>:<application_id>" of its entry`,
      )
    }
    state.installations.set(key, installation)
  }
  for (const [token, integration] of Object.entries(parts.voip_integrations ?? {})) {
    if (token !== integration.crm_token) {
      throw new StateDocumentError(`"${token}" under "voip_integrations" is not its crm_token`)
    }
    state.voip_integrations.set(token, integration)
  }
  for (const [id, list] of Object.entries(parts.voip_calls ?? {})) {
    if (!POSITIVE_ID.test(id)) {
      throw new StateDocumentError(`"${id}" under "voip_calls" is not a location id`)
    }
    state.voip_calls.set(id, list)
  }
  for (const [key, fix] of Object.entries(parts.clients ?? {})) {
    if (!INSTALLATION_KEY.test(key) || key !== `${fix.location_id}:${fix.client_id}`) {
      throw new StateDocumentError(
        `"${key}" under "clients" is not "<location_id>:<client_id>" of its entry`,
      )
    }
    state.clients.set(key, fix)
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
 * steno) and our parse/check on read.
 */
export function dataFileAdapter(file: string): DataFile<State> {
  return new DataFile<State>(file, {
    parse: (text) => parseDataFile(file, text),
    stringify: serializeDataFile,
  })
}

/** The data file's text: pretty-printed, so people can read it. */
export function serializeDataFile(state: State): string {
  return `${JSON.stringify(toJson(state), null, 2)}\n`
}

/**
 * The file a compaction process writes the merged data file into, before the
 * mock renames it into place; named by that process, so that one a killed
 * mock left running never writes into another's.
 */
export function mergeFile(file: string, pid: number): string {
  return join(dirname(file), `.${basename(file)}.merge-${pid}.tmp`)
}

/**
 * Reads a data file this mock wrote itself (toJson's output): the compaction
 * process skips the checks and the normalizing a hand-written file needs.
 */
export async function readOwnDataFile(file: string): Promise<State> {
  return fromJson(JSON.parse(await readFile(file, 'utf8')))
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
