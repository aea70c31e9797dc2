import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { RULE, type Static, type TSchema } from './typebox.js'
import { HTTP_URL_FORMAT, isHttpUrl } from './url.js'
import { isWireTime, WIRE_TIME_FORMAT } from './wire-time.js'

// ajv-formats is CommonJS; under NodeNext its default import is the module.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/**
 * The one validator: routes, the data file, the store's log and the
 * programmatic API all check values with it.
 */
export const ajv = new Ajv({
  // Report every bad field at once; never coerce "1" or true into 1 or fill
  // defaults, so what was sent is what is judged.
  allErrors: true,
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
  // Errors carry their schema, whose x-rule says what to send instead.
  verbose: true,
  addUsedSchema: false,
  // TypeBox's own markers ([Kind], examples) are not keywords Ajv must know.
  strict: false,
  // ...but a number is finite: JSON's 1e400 parses to Infinity, which no file can keep.
  strictNumbers: true,
  // TypeBox builds every schema and the tests compile each one; checking them
  // against the JSON Schema meta-schema compiled that first, on the first
  // request or start (docs/performance.md#start-up).
  validateSchema: false,
})
addFormats(ajv)
ajv.addFormat(WIRE_TIME_FORMAT, { type: 'string', validate: isWireTime })
ajv.addFormat(HTTP_URL_FORMAT, { type: 'string', validate: isHttpUrl })
ajv.addKeyword({ keyword: RULE, schemaType: 'string' })

export interface Checker<T> {
  (value: unknown): value is T
  /** The errors of the last failed check. */
  errors: ErrorObject[]
}

/**
 * A checker compiled on first use: the start-up pays nothing for routes a
 * test may never call (docs/performance.md#start-up).
 */
export function lazyCheck<S extends TSchema>(schema: S): Checker<Static<S>> {
  let compiled: ValidateFunction | undefined
  const check = ((value: unknown) => {
    compiled ??= ajv.compile(schema)
    const valid = compiled(value) as boolean
    check.errors = compiled.errors ?? []
    return valid
  }) as Checker<Static<S>>
  check.errors = []
  return check
}
