import { writeSync } from 'node:fs'
import { Active } from '../schemas/hooks-settings/flags.js'
import { StoredSettings } from '../schemas/hooks-settings/settings.js'
import { INSTALLATION_KEY, POSITIVE_ID } from '../schemas/ids.js'
import { StoredApplication } from '../schemas/marketplace/application.js'
import { StoredInstallation } from '../schemas/marketplace/installation.js'
import { type Static, Type } from '../schemas/typebox.js'
import { lazyCheck } from '../schemas/validator.js'
import { StoredCallList } from '../schemas/voip/calls.js'
import { StoredVoipIntegration } from '../schemas/voip/integration.js'
import { type Change, COLLECTIONS } from './collections.js'
import { settingsFromFile } from './file-shapes.js'

/**
 * The store's write-ahead log: one JSON line per commit, `{"changes": [...]}`,
 * applied all or nothing, written over zero bytes laid out ahead.
 */
const PutLocation = Type.Object({
  op: Type.Literal('put'),
  collection: Type.Literal('locations'),
  key: Type.String({ pattern: POSITIVE_ID.source }),
  value: StoredSettings,
})
const PutApplication = Type.Object({
  op: Type.Literal('put'),
  collection: Type.Literal('applications'),
  key: Type.String({ pattern: POSITIVE_ID.source }),
  value: StoredApplication,
})
const PutInstallation = Type.Object({
  op: Type.Literal('put'),
  collection: Type.Literal('installations'),
  key: Type.String({ pattern: INSTALLATION_KEY.source }),
  value: StoredInstallation,
})
const PutVoipIntegration = Type.Object({
  op: Type.Literal('put'),
  collection: Type.Literal('voip_integrations'),
  key: Type.String({ minLength: 1 }),
  value: StoredVoipIntegration,
})
const PutVoipCalls = Type.Object({
  op: Type.Literal('put'),
  collection: Type.Literal('voip_calls'),
  key: Type.String({ pattern: POSITIVE_ID.source }),
  value: StoredCallList,
})
const Delete = Type.Object({
  op: Type.Literal('delete'),
  collection: Type.Union(COLLECTIONS.map((name) => Type.Literal(name))),
  key: Type.String(),
})
const Clear = Type.Object({ op: Type.Literal('clear') })
const Line = Type.Object({
  changes: Type.Array(
    Type.Union([
      PutLocation,
      PutApplication,
      PutInstallation,
      PutVoipIntegration,
      PutVoipCalls,
      Delete,
      Clear,
    ]),
  ),
})

/** Lines of the log before 0.2 (db.json.journal): one change of a location each. */
const LegacyLine = Type.Union([
  Type.Object({
    op: Type.Literal('put'),
    location_id: Type.Integer({ minimum: 1 }),
    settings: Type.Object({ urls: Type.Array(Type.String()), active: Active }),
  }),
  Type.Object({ op: Type.Literal('delete'), location_id: Type.Integer({ minimum: 1 }) }),
  Type.Object({ op: Type.Literal('clear') }),
])

const checkLine = lazyCheck(Line)
const checkLegacy = lazyCheck(LegacyLine)

export function encodeLine(changes: Change[]): string {
  return `${JSON.stringify({ changes })}\n`
}

/** The changes of one line, or undefined when it is not a valid line. */
export function decodeLine(text: string): Change[] | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (checkLine(value)) return value.changes as Change[]
  if (!checkLegacy(value)) return undefined
  const legacy = value as Static<typeof LegacyLine>
  if (legacy.op === 'clear') return [{ op: 'clear' }]
  const key = String(legacy.location_id)
  if (legacy.op === 'delete') return [{ op: 'delete', collection: 'locations', key }]
  return [{ op: 'put', collection: 'locations', key, value: settingsFromFile(legacy.settings) }]
}

/** Zero bytes the log keeps written ahead of its lines (about 2,000 lines). */
export const WAL_CHUNK = 1024 * 1024

export const ZEROS = Buffer.alloc(64 * 1024)

export function writeAll(fd: number, bytes: Buffer, position: number): void {
  let done = 0
  while (done < bytes.length) {
    done += writeSync(fd, bytes, done, bytes.length - done, position + done)
  }
}

export function writeZeros(fd: number, position: number, length: number): void {
  for (let at = 0; at < length; at += ZEROS.length) {
    writeAll(fd, ZEROS.subarray(0, Math.min(ZEROS.length, length - at)), position + at)
  }
}
