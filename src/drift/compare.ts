/**
 * How an answer of the platform differs from the mock's answer to the same
 * request: pure functions over parsed JSON, no I/O (docs/drift.md).
 */

import type { DRIFT_KINDS } from './kinds.js'

/**
 * What kind of difference, at a path of the answer's JSON: status (the two
 * statuses), body (one answer is not JSON), missing (the platform has a
 * field the mock's answer lacks), extra (the mock's answer has a field the
 * platform's lacks), type (a number where the mock has a string, 0/1 where
 * it has a boolean), format (strings of different formats: a date with an
 * offset and one without), value (where the mock's answer is determined by
 * what the client sent before).
 */
export type DriftKind = (typeof DRIFT_KINDS)[number]

/** One difference: where, and what each side has there (types or formats, never values). */
export interface Difference {
  kind: DriftKind
  /** `data.url_settings[].url`; '' for the whole answer. */
  path: string
  upstream: string
  mock: string
}

/** One side's answer: its status and its body, parsed when it is JSON. */
export interface Answer {
  status: number
  /** The parsed JSON; undefined when the body is not JSON (then `text` says what it was). */
  json: unknown
  /** What the body was when it is not JSON, e.g. `text/html, 512 bytes`; empty otherwise. */
  text?: string
}

export interface CompareOptions {
  /**
   * Compare values too: the mock's answer is determined by what the same
   * client sent before (a GET after a POST), so a different value is drift.
   */
  values: boolean
  /** Texts the request carried (path segments, body values): ids equal to one are not volatile. */
  sent?: ReadonlySet<string>
}

/** The JSON type of a value, integers apart from other numbers. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ])\d{2}:\d{2}(?::\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/
const TIME = /^\d{2}:\d{2}(:\d{2})?$/
const INTEGER_TEXT = /^-?\d+$/
const DECIMAL_TEXT = /^-?\d+\.\d+$/

/**
 * The format of a string, when it has one that matters to a parser: a
 * date, a date-time (its separator and offset), a time, a number in text.
 * 'text' is any other string, 'empty' the empty one.
 */
export function stringFormat(value: string): string {
  if (value === '') return 'empty'
  if (DATE.test(value)) return 'date'
  const dateTime = DATE_TIME.exec(value)
  if (dateTime) {
    const [, separator, fraction, offset] = dateTime
    const zone =
      offset === undefined
        ? 'no offset'
        : offset === 'Z'
          ? 'Z'
          : offset.includes(':')
            ? '+hh:mm'
            : '+hhmm'
    return `date-time (${separator === 'T' ? 'T' : 'space'}${fraction ? ', fraction' : ''}, ${zone})`
  }
  if (TIME.test(value)) return 'time'
  if (INTEGER_TEXT.test(value)) return 'integer text'
  if (DECIMAL_TEXT.test(value)) return 'decimal text'
  return 'text'
}

/** A format a client parses by; text and empty strings differ in value only. */
const isStructured = (format: string) => format !== 'text' && format !== 'empty'

/** Whether two JSON types are the same for a client: 1 and 1.5 are both numbers. */
const sameType = (a: string, b: string) =>
  a === b || ((a === 'integer' || a === 'number') && (b === 'integer' || b === 'number'))

/** Describes a value for a report: its type, and a string's format. */
export function describe(value: unknown): string {
  const type = jsonType(value)
  if (type !== 'string') return type
  const format = stringFormat(value as string)
  return format === 'text' || format === 'empty' ? 'string' : `string: ${format}`
}

const VOLATILE_KEY = /(^|_)(id|uuid|guid|hash|token|signature)$/i
const TIME_KEY = /(^|_)(date|datetime|time|timestamp|created|updated|at)$/i

/**
 * Values the platform picks itself (ids it assigns, timestamps): never
 * compared by value, as PaperTiger normalizes them. An id the request
 * carried on either side (the location id in the path) is not volatile.
 */
function isVolatile(
  key: string,
  upstream: unknown,
  mock: unknown,
  sent: ReadonlySet<string> | undefined,
): boolean {
  for (const value of [upstream, mock]) {
    if (typeof value !== 'string') continue
    const format = stringFormat(value)
    if (format.startsWith('date') || format === 'time') return true
  }
  if (TIME_KEY.test(key)) return true
  if (VOLATILE_KEY.test(key)) return !(sent?.has(String(upstream)) || sent?.has(String(mock)))
  return false
}

const child = (path: string, key: string) => (path === '' ? key : `${path}.${key}`)

/** Every difference between two answers, each path and kind once, in the order met. */
export function compareAnswers(
  upstream: Answer,
  mock: Answer,
  options: CompareOptions,
): Difference[] {
  const out: Difference[] = []
  const seen = new Set<string>()
  const add = (difference: Difference) => {
    const key = `${difference.kind} ${difference.path}`
    if (seen.has(key)) return
    seen.add(key)
    out.push(difference)
  }
  if (upstream.status !== mock.status) {
    add({ kind: 'status', path: '', upstream: String(upstream.status), mock: String(mock.status) })
  }
  // A 500 against a 200 says all there is: their bodies are different answers, not drift of one.
  if (Math.floor(upstream.status / 100) !== Math.floor(mock.status / 100)) return out
  if (upstream.json === undefined || mock.json === undefined) {
    if (upstream.json !== undefined || mock.json !== undefined) {
      add({
        kind: 'body',
        path: '',
        upstream: upstream.json === undefined ? `not JSON (${upstream.text ?? ''})` : 'JSON',
        mock: mock.json === undefined ? `not JSON (${mock.text ?? ''})` : 'JSON',
      })
    }
    return out
  }
  walk(upstream.json, mock.json, '', '', options, add)
  return out
}

function walk(
  upstream: unknown,
  mock: unknown,
  path: string,
  key: string,
  options: CompareOptions,
  add: (difference: Difference) => void,
): void {
  const upType = jsonType(upstream)
  const mockType = jsonType(mock)
  if (!sameType(upType, mockType)) {
    add({ kind: 'type', path, upstream: describe(upstream), mock: describe(mock) })
    return
  }
  if (upType === 'object') {
    const up = upstream as Record<string, unknown>
    const own = mock as Record<string, unknown>
    for (const name of Object.keys(up)) {
      if (!(name in own)) {
        add({ kind: 'missing', path: child(path, name), upstream: describe(up[name]), mock: '' })
      }
    }
    for (const name of Object.keys(own)) {
      if (!(name in up)) {
        add({ kind: 'extra', path: child(path, name), upstream: '', mock: describe(own[name]) })
      } else walk(up[name], own[name], child(path, name), name, options, add)
    }
    return
  }
  if (upType === 'array') {
    const up = upstream as unknown[]
    const own = mock as unknown[]
    if (options.values && up.length !== own.length) {
      add({ kind: 'value', path, upstream: `${up.length} items`, mock: `${own.length} items` })
    }
    const items = `${path}[]`
    for (let i = 0; i < Math.min(up.length, own.length); i++) {
      walk(up[i], own[i], items, key, options, add)
    }
    return
  }
  if (upType === 'string') {
    const upFormat = stringFormat(upstream as string)
    const mockFormat = stringFormat(mock as string)
    if (
      upFormat !== mockFormat &&
      (isStructured(upFormat) || isStructured(mockFormat)) &&
      upFormat !== 'empty' &&
      mockFormat !== 'empty'
    ) {
      add({ kind: 'format', path, upstream: describe(upstream), mock: describe(mock) })
      return
    }
  }
  if (options.values && upstream !== mock && !isVolatile(key, upstream, mock, options.sent)) {
    add({ kind: 'value', path, upstream: describe(upstream), mock: describe(mock) })
  }
}

/** `kind path`, as the X-Mock-Drift header and the console show a difference. */
export const formatDifference = (difference: Difference) =>
  difference.kind === 'status'
    ? `status: upstream ${difference.upstream}, mock ${difference.mock}`
    : `${difference.kind} ${difference.path || '(body)'}${
        difference.kind === 'missing' || difference.kind === 'extra'
          ? ''
          : `: upstream ${difference.upstream}, mock ${difference.mock}`
      }`
