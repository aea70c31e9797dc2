import { describeValue, notFinite } from '../http/validation-errors.js'
import { RULE, type TSchema } from './typebox.js'
import { lazyCheck } from './validator.js'

/** A checker for values given in code: throws a TypeError that says what to give instead. */
export function assertValid<S extends TSchema>(schema: S) {
  const check = lazyCheck(schema)
  return (value: unknown, what: string): void => {
    if (check(value)) return
    const [error] = check.errors
    if (!error) return
    const rule =
      (error.parentSchema as Record<string, unknown> | undefined)?.[RULE] ?? error.message
    const path = error.instancePath.replace(/\//g, '.')
    const text = notFinite(error.data, String(rule)) ?? `${rule}, got ${describeValue(error.data)}`
    throw new TypeError(`${what}${path} ${text}.`)
  }
}
