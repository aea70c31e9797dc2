import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * A conformance warning (contract section 6): something the mock accepted that
 * the real API would or might treat differently, or why it refused a request.
 */
export interface MockWarning {
  code: string
  message: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Created by the first warning: most requests have none. */
    mockWarnings: MockWarning[] | null
  }
}

export const WARNINGS_HEADER = 'x-mock-warnings'

export function warn(request: FastifyRequest, code: string, message: string): void {
  request.mockWarnings ??= []
  request.mockWarnings.push({ code, message })
}

/** "code: message", as the header and the request journal show a warning. */
export const formatWarning = (warning: MockWarning) => `${warning.code}: ${warning.message}`

/** Node's HTTP clients refuse 16 KiB of headers in all; this one header stays far below. */
export const MAX_WARNINGS_HEADER = 4096
/** One warning's part of the header, when they do not all fit whole. */
const MAX_WARNING_TEXT = 512

/** JSON with non-ASCII escaped, because HTTP header values must be Latin-1. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

/**
 * The header value: a JSON array of "code: message" strings, at most
 * MAX_WARNINGS_HEADER bytes. When they do not fit, each is cut to
 * MAX_WARNING_TEXT characters and the last ones give way to a "+N more"
 * entry; the request journal keeps them whole.
 */
export function encodeWarnings(warnings: MockWarning[]): string {
  return encodeHeaderList(
    warnings.map(formatWarning),
    (n) => `+${n} more: GET /__mock/requests shows every warning whole`,
  )
}

/**
 * Texts as one header's value, a JSON array of at most MAX_WARNINGS_HEADER
 * bytes: when they do not fit, each is cut to MAX_WARNING_TEXT characters
 * and the last ones give way to `more(n)` (X-Mock-Warnings, X-Mock-Drift).
 */
export function encodeHeaderList(list: string[], more: (n: number) => string): string {
  const whole = asciiJson(list)
  if (whole.length <= MAX_WARNINGS_HEADER) return whole
  const texts = list.map((text) =>
    text.length > MAX_WARNING_TEXT ? `${text.slice(0, MAX_WARNING_TEXT - 3)}...` : text,
  )
  const kept: string[] = []
  let size = 2 // the brackets
  for (const [i, text] of texts.entries()) {
    const entry = asciiJson(text).length + 1
    const rest = texts.length - i - 1
    const tail = rest > 0 ? asciiJson(more(rest)).length + 1 : 0
    if (size + entry + tail > MAX_WARNINGS_HEADER) break
    kept.push(text)
    size += entry
  }
  const left = texts.length - kept.length
  return asciiJson(left > 0 ? [...kept, more(left)] : kept)
}

/**
 * Sends the request's warnings, if any, as the X-Mock-Warnings header. The
 * places that answer call it, rather than an onSend hook on every response:
 * Fastify's hook runners cost as much as this work (docs/performance.md#get-hooks).
 */
export function sendWarnings(request: FastifyRequest, reply: FastifyReply): void {
  if (request.mockWarnings) reply.header(WARNINGS_HEADER, encodeWarnings(request.mockWarnings))
}

/** Gives every request a place for its warnings (on the root instance). */
export function addWarnings(app: FastifyInstance): void {
  app.decorateRequest('mockWarnings', null)
}
