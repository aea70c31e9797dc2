// The one place the project imports TypeBox from, so a future move to another
// TypeBox line (e.g. the `typebox` 1.x package) touches a single file.
import { Kind, type TUnsafe, Type, TypeRegistry } from '@sinclair/typebox'
import { MAX_ID, POSITIVE_ID } from './ids.js'

export {
  type Static,
  type TOptional,
  type TProperties,
  type TSchema,
  Type,
} from '@sinclair/typebox'
export { TypeCompiler } from '@sinclair/typebox/compiler'

/**
 * Schema annotation: what a valid value must be, in words a person can act
 * on ("must be the integer 0 or 1"). Ajv's own texts ("must be <= 1") say
 * what failed, not what to send; the error handler prefers this.
 */
export const RULE = 'x-rule'
export const rule = (text: string) => ({ [RULE]: text })

/** A positive integer id carried as text (path and query parameters): the range of Id. */
export const IdString = (description: string, example: string, what = 'the location id') =>
  Type.String({
    pattern: POSITIVE_ID.source,
    description,
    ...rule(`must be a positive integer up to ${MAX_ID}, ${what} (e.g. ${example})`),
  })

/**
 * A string from a fixed list, as one JSON Schema `enum`: one clear error for a
 * wrong value, where a union of literals gives one per member.
 */
export const StringEnum = <T extends string>(
  values: readonly T[],
  options: Record<string, unknown> = {},
): TUnsafe<T> =>
  // Unsafe() stamps its own kind; ours lets TypeBox's checker know the type too.
  Object.assign(Type.Unsafe<T>({ type: 'string', enum: [...values], ...options }), {
    [Kind]: 'StringEnum',
  })

// TypeBox's TypeCompiler learns the kind; Ajv reads `enum` and ignores it.
TypeRegistry.Set<{ enum: string[] }>('StringEnum', (schema, value) =>
  schema.enum.includes(value as string),
)

/** A positive id in a JSON body or a stored value: the range of IdString and the data file's keys. */
export const Id = (description: string, what = 'the id') =>
  Type.Integer({
    minimum: 1,
    maximum: MAX_ID,
    description,
    ...rule(`must be a positive integer up to ${MAX_ID}, ${what}`),
  })
