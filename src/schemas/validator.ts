import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { OWN_FORMATS } from './formats.js'
import { RULE, type Static, type TSchema } from './typebox.js'

// ajv-formats is CommonJS; under NodeNext its default import is the module.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/** The options of the one validator (`ajv` below). */
export const AJV_OPTIONS = {
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
} satisfies Options

/** Our formats and keyword, on the validator and on the one scripts/bundle.mjs precompiles with. */
export function addVocabulary(target: Ajv): Ajv {
  addFormats(target)
  for (const [name, format] of Object.entries(OWN_FORMATS)) target.addFormat(name, format)
  target.addKeyword({ keyword: RULE, schemaType: 'string' })
  return target
}

/**
 * The one validator: routes, the data file, the store's log and the
 * programmatic API all check values with it.
 */
export const ajv = addVocabulary(new Ajv(AJV_OPTIONS))

export interface Checker<T> {
  (value: unknown): value is T
  /** The errors of the last failed check. */
  errors: ErrorObject[]
}

/**
 * A checker compiled on first use: the start-up pays nothing for routes a
 * test may never call (docs/performance.md#start-up). `precompiled` is Ajv's
 * own code for the same schema and options, compiled at build time
 * (precompiled.ts).
 */
export function lazyCheck<S extends TSchema>(
  schema: S,
  precompiled?: ValidateFunction,
): Checker<Static<S>> {
  let compiled = precompiled
  const check = ((value: unknown) => {
    compiled ??= ajv.compile(schema)
    const valid = compiled(value) as boolean
    check.errors = compiled.errors ?? []
    return valid
  }) as Checker<Static<S>>
  check.errors = []
  return check
}
