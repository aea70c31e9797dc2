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

/**
 * The header value: a JSON array of "code: message" strings. Non-ASCII is
 * escaped, because HTTP header values must be Latin-1.
 */
export function encodeWarnings(warnings: MockWarning[]): string {
  return JSON.stringify(warnings.map(formatWarning)).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/**
 * Sends the request's warnings, if any, as the X-Mock-Warnings header. The
 * places that answer call it, rather than an onSend hook on every response:
 * measured under GET load, Fastify's hooks cost more than the work they do.
 */
export function sendWarnings(request: FastifyRequest, reply: FastifyReply): void {
  if (request.mockWarnings) reply.header(WARNINGS_HEADER, encodeWarnings(request.mockWarnings))
}

/** Gives every request a place for its warnings (on the root instance). */
export function addWarnings(app: FastifyInstance): void {
  app.decorateRequest('mockWarnings', null)
}
