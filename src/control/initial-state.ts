import { readFile } from 'node:fs/promises'
import type { MockConfig } from '../config/index.js'
import { ConfigError } from '../config/kinds.js'
import type { State } from '../store/collections.js'
import { StateDocumentError, stateFromDocument } from '../store/data-file.js'
import { notAFile } from '../store/open-checks.js'

const ADVICE =
  'Give a document as GET /__mock/state answers it, e.g. {"version": 1, "locations": {}}'

/** The state of the `initialState` option (a file's, or the document given in code), checked as the data file is. */
export async function readInitialState(
  option: MockConfig['initialState'],
): Promise<State | undefined> {
  if (option === undefined) return undefined
  const what = typeof option === 'string' ? `--initial-state ${option}` : 'the option initialState'
  // A document given in code is copied, as a file is read: the state never shares the caller's objects.
  let document: unknown =
    typeof option === 'string' ? undefined : JSON.parse(JSON.stringify(option))
  if (typeof option === 'string') {
    const unreadable = await notAFile(option)
    if (unreadable) throw new ConfigError(`${what}: ${unreadable}. ${ADVICE}.`)
    try {
      document = JSON.parse(await readFile(option, 'utf8'))
    } catch (error) {
      throw new ConfigError(`${what} cannot be read: ${(error as Error).message}. ${ADVICE}.`)
    }
  }
  try {
    return stateFromDocument(document)
  } catch (error) {
    if (error instanceof StateDocumentError) {
      throw new ConfigError(`${what}: ${error.message}. ${ADVICE}.`)
    }
    throw error
  }
}
