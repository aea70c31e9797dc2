import { brokenRule } from '../http/validation-errors.js'
import type { TSchema } from './typebox.js'
import { lazyCheck } from './validator.js'

/** A checker for values given in code: throws a TypeError that says what to give instead. */
export function assertValid<S extends TSchema>(schema: S) {
  const check = lazyCheck(schema)
  return (value: unknown, what: string): void => {
    if (check(value)) return
    const [error] = check.errors
    if (!error) return
    const path = error.instancePath.replace(/\//g, '.')
    throw new TypeError(`${what}${path} ${brokenRule(error, error.data)}.`)
  }
}
