import { POSITIVE_ID } from '../schemas/ids.js'

/** A bad option value: the message names the option and says what to give. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** What values an option takes, read from text (flag, env) or given in code. */
export interface Kind<T> {
  /** What a valid value is, in words: "an integer from 0 to 65535". */
  rule: string
  /** The value of a flag's or variable's text; undefined when it is not valid. */
  fromText(text: string): T | undefined
  /** Whether a value given in code is valid. */
  accepts(value: unknown): boolean
  /** The value as --help and docs/configuration.md show it. */
  show(value: T): string
  /** Repeatable flag; the variable holds several values joined by `separator`. */
  list?: { separator: string }
}

export const integer = (min: number, max: number): Kind<number> => ({
  rule: `an integer from ${min} to ${max}`,
  fromText: (text) => {
    const value = Number(text.trim())
    const valid = /^\d+$/.test(text.trim()) && Number.isSafeInteger(value)
    return valid && value >= min && value <= max ? value : undefined
  },
  accepts: (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
  show: String,
})

/** A number from 0 to 1: a probability. */
export const fraction = (): Kind<number> => ({
  rule: 'a number from 0 to 1, e.g. 0.1',
  fromText: (text) => {
    const value = Number(text.trim())
    return /^(0|1|0?\.[0-9]+|1\.0*)$/.test(text.trim()) && value >= 0 && value <= 1
      ? value
      : undefined
  },
  accepts: (value) => typeof value === 'number' && value >= 0 && value <= 1,
  show: String,
})

/** true or false (also 1/0, yes/no, on/off). */
export const boolean = (): Kind<boolean> => ({
  rule: 'true or false',
  fromText: (text) => {
    const value = text.trim().toLowerCase()
    if (['true', '1', 'yes', 'on'].includes(value)) return true
    if (['false', '0', 'no', 'off'].includes(value)) return false
    return undefined
  },
  accepts: (value) => typeof value === 'boolean',
  show: String,
})

export const text = (rule = 'a non-empty text'): Kind<string> => ({
  rule,
  fromText: (value) => (value.trim() === '' ? undefined : value.trim()),
  accepts: (value) => typeof value === 'string' && value.trim() !== '',
  show: (value) => value,
})

/** Text that may be absent: an empty flag or variable means none. */
export const optionalText = (): Kind<string | undefined> => ({
  rule: 'a text',
  fromText: (value) => (value === '' ? undefined : value),
  accepts: (value) => value === undefined || typeof value === 'string',
  show: (value) => value ?? 'none',
})

export const oneOf = <T extends string>(values: readonly T[]): Kind<T> => ({
  rule: `one of ${values.join(', ')}`,
  fromText: (value) => ((values as readonly string[]).includes(value) ? (value as T) : undefined),
  accepts: (value) => (values as readonly unknown[]).includes(value),
  show: (value) => value,
})

export const textList = (separator: string): Kind<string[]> => ({
  rule: 'a list of texts',
  fromText: (value) => {
    const items = value
      .split(separator)
      .map((item) => item.trim())
      .filter(Boolean)
    return items
  },
  accepts: (value) => Array.isArray(value) && value.every((item) => typeof item === 'string'),
  show: (value) => (value.length === 0 ? 'any' : value.join(separator)),
  list: { separator },
})

/** TOKEN=ID,ID;TOKEN=ID: user tokens limited to some locations. */
export const userAccess = (): Kind<Record<string, number[]>> => ({
  rule: 'TOKEN=ID,ID (location ids are positive integers)',
  fromText: (value) => {
    const access: Record<string, number[]> = {}
    for (const entry of value
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const match = /^([^=\s]+)=([\d,\s]+)$/.exec(entry)
      const ids =
        match?.[2]
          ?.split(',')
          .map((id) => id.trim())
          .filter(Boolean) ?? []
      if (!match?.[1] || ids.length === 0 || ids.some((id) => !POSITIVE_ID.test(id))) {
        return undefined
      }
      access[match[1]] = [...(access[match[1]] ?? []), ...ids.map(Number)]
    }
    return access
  },
  accepts: (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(
      (ids) =>
        Array.isArray(ids) && ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0),
    ),
  show: (value) =>
    Object.keys(value).length === 0
      ? 'none'
      : Object.entries(value)
          .map(([token, ids]) => `${token}=${ids.join(',')}`)
          .join(';'),
  list: { separator: ';' },
})

const RATE =
  /^(?:off|[1-9][0-9]{0,6}\/(?:s|sec|min|m|h)(?:\s*,\s*[1-9][0-9]{0,6}\/(?:s|sec|min|m|h))*)$/

/** "5/s,200/min": requests per second, minute or hour per client; "off" for none. */
export const rateLimit = (): Kind<string> => ({
  rule: 'off, or limits such as 5/s or 5/s,200/min (per s, min or h)',
  fromText: (value) => (RATE.test(value.trim()) ? value.trim() : undefined),
  accepts: (value) => typeof value === 'string' && RATE.test(value),
  show: (value) => value,
})

/**
 * A file from flags and variables (its path); in code the path or the value
 * itself, such as a list, which `accepts` checks in outline (the reader of
 * the value checks it whole).
 */
export const fileOr = <T>(
  rule: string,
  accepts: (value: unknown) => boolean,
): Kind<string | T | undefined> => ({
  rule,
  fromText: (value) => (value.trim() === '' ? undefined : value.trim()),
  accepts: (value) =>
    value === undefined || (typeof value === 'string' && value.trim() !== '') || accepts(value),
  show: (value) =>
    value === undefined ? 'none' : typeof value === 'string' ? value : 'given in code',
})

/** An http(s) base URL without query, fragment or credentials, or none; kept without a trailing slash. */
export const optionalBaseUrl = (): Kind<string | undefined> => {
  const parse = (value: string): string | undefined => {
    let url: URL
    try {
      url = new URL(value.trim())
    } catch {
      return undefined
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      return undefined
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  }
  return {
    rule: 'an http(s) base URL such as https://api.alteg.io (no query, fragment or credentials)',
    fromText: (value) => (value.trim() === '' ? undefined : parse(value)),
    accepts: (value) =>
      value === undefined || (typeof value === 'string' && parse(value) !== undefined),
    show: (value) => value ?? 'none',
  }
}
