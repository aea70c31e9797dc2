import type { FastifySchemaValidationError } from 'fastify'
import type { FieldErrors } from './errors.js'

/**
 * What each field must be, in words a person can act on. Ajv's own texts
 * ("must be <= 1") say what failed, not what to send instead.
 */
const RULES: Record<string, string> = {
  urls: 'must be a list of 1 to 10 unique webhook URLs, e.g. ["https://example.com/altegio"]',
  'urls[]': 'must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio"',
  location_id: 'must be a positive integer, the id of the location (e.g. /hooks_settings/123456)',
}
const BIT_RULE = 'must be the integer 0 or 1 (1 = on, 0 = off)'

/** Renders a received value short enough for one line of an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
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

function ruleFor(path: string[]): string {
  const [field = ''] = path
  if (path.length > 1) return RULES[`${field}[]`] ?? 'is not valid'
  return RULES[field] ?? BIT_RULE
}

function describe(
  error: FastifySchemaValidationError,
  data: unknown,
): { field: string; text: string } {
  const path = error.instancePath.split('/').slice(1).map(decodePointer)
  if (error.keyword === 'required') {
    const field = String(error.params.missingProperty)
    return { field, text: `${field} is required and ${ruleFor([field])}.` }
  }
  const [field] = path
  if (field === undefined) {
    return {
      field: 'body',
      text: `the body must be a JSON object such as {"urls": ["https://example.com/altegio"], "active": 1}, got ${describeValue(data)}.`,
    }
  }
  const got = describeValue(valueAt(data, path))
  if (error.keyword === 'uniqueItems') {
    const { i, j } = error.params as { i: number; j: number }
    const [first, second] = [Math.min(i, j), Math.max(i, j)]
    return {
      field,
      text: `${field} must not list a URL twice: ${field}[${first}] and ${field}[${second}] are both ${describeValue(valueAt(data, [field, String(first)]))}.`,
    }
  }
  if (error.keyword === 'maxLength' && path.length > 1) {
    return { field, text: `${label(path)} is longer than ${error.params.limit} characters.` }
  }
  return { field, text: `${label(path)} ${ruleFor(path)}, got ${got}.` }
}

function decodePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** Turns Ajv's errors into the real API's `meta.errors`: field -> messages. */
export function toFieldErrors(errors: FastifySchemaValidationError[], data: unknown): FieldErrors {
  const byField: FieldErrors = {}
  for (const error of errors) {
    // anyOf/oneOf wrappers repeat what their branches already said.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') continue
    const { field, text } = describe(error, data)
    const messages = byField[field] ?? []
    if (!messages.includes(text)) messages.push(text)
    byField[field] = messages
  }
  return byField
}
