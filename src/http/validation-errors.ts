import type { FastifySchemaValidationError } from 'fastify'
import { RULE } from '../schemas/typebox.js'
import { HTTP_URL_FORMAT, httpUrlProblem } from '../schemas/url.js'
import type { FieldErrors } from './errors.js'

/** Renders a received value short enough for one line of an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  // JSON.stringify would show Infinity as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    // Cycles or depth: say what it is rather than fail the error report.
    text = Array.isArray(value) ? 'an array' : `a ${typeof value}`
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

function valueAt(data: unknown, path: string[]): unknown {
  let value = data
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function label(path: string[]): string {
  const [field, ...rest] = path
  return `${field}${rest.map((part) => `[${part}]`).join('')}`
}

type SchemaNode = { [RULE]?: string; properties?: Record<string, SchemaNode> } | undefined

/**
 * What to say of a number that is not finite (1e400 parses to Infinity), for
 * a field whose rule is `rule`; undefined for any other value.
 */
export function notFinite(value: unknown, rule: string): string | undefined {
  if (typeof value !== 'number' || Number.isFinite(value)) return undefined
  const why = Number.isNaN(value) ? '' : ' (a JSON number too large for a double, such as 1e400)'
  return `must be a finite number, got ${value}${why}; send a finite number: it ${rule}`
}

type RuleError = Pick<FastifySchemaValidationError, 'keyword' | 'params' | 'message'>

/** The schema's own rule for the failing value, else Ajv's text. */
function ruleOf(error: RuleError): string {
  const schema = (error as { parentSchema?: SchemaNode }).parentSchema
  return schema?.[RULE] ?? error.message ?? 'is not valid'
}

/** "<rule>, got <value>", and for a URL the parser refuses, why. */
export function brokenRule(error: RuleError, value: unknown): string {
  const infinite = notFinite(value, ruleOf(error))
  if (infinite) return infinite
  const problem =
    error.keyword === 'format' &&
    error.params.format === HTTP_URL_FORMAT &&
    typeof value === 'string'
      ? httpUrlProblem(value)
      : undefined
  return `${ruleOf(error)}, got ${describeValue(value)}${problem ? `: ${problem}` : ''}`
}

function describe(
  error: FastifySchemaValidationError,
  data: unknown,
): { field: string; text: string } {
  const path = error.instancePath.split('/').slice(1).map(decodePointer)
  const schema = (error as { parentSchema?: SchemaNode }).parentSchema
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty)
    const field = [...path, missing]
    const wanted = schema?.properties?.[missing]?.[RULE] ?? 'must be given'
    return { field: field[0] ?? missing, text: `${label(field)} is required and ${wanted}.` }
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty)
    const known = Object.keys(schema?.properties ?? {}).join(', ')
    return {
      field: path[0] ?? extra,
      text: `${label([...path, extra])} is not a field here; remove it (${known ? `fields: ${known}` : 'it takes none'}).`,
    }
  }
  const [field] = path
  // A bad key: ajv names it apart from the object it is in.
  const name = (error as { propertyName?: string }).propertyName
  if (field !== undefined && name !== undefined) {
    return { field, text: `${label(path)} name ${describeValue(name)} ${ruleOf(error)}.` }
  }
  const got = brokenRule(error, valueAt(data, path))
  if (field === undefined) return { field: 'body', text: `the body ${got}.` }
  if (error.keyword === 'uniqueItems') {
    const { i, j } = error.params as { i: number; j: number }
    const [first, second] = [Math.min(i, j), Math.max(i, j)]
    return {
      field,
      text: `${field} must not list a URL twice: ${field}[${first}] and ${field}[${second}] are both ${describeValue(valueAt(data, [field, String(first)]))}.`,
    }
  }
  if (error.keyword === 'maxLength') {
    return { field, text: `${label(path)} is longer than ${error.params.limit} characters.` }
  }
  return { field, text: `${label(path)} ${got}.` }
}

function decodePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** Turns Ajv's errors into the real API's `meta.errors`: field -> messages. */
export function toFieldErrors(errors: FastifySchemaValidationError[], data: unknown): FieldErrors {
  const byField: FieldErrors = {}
  for (const error of errors) {
    // anyOf/oneOf/if wrappers repeat what their branches already said.
    if (['anyOf', 'oneOf', 'if', 'propertyNames'].includes(error.keyword)) continue
    const { field, text } = describe(error, data)
    const messages = byField[field] ?? []
    if (!messages.includes(text)) messages.push(text)
    byField[field] = messages
  }
  return byField
}
