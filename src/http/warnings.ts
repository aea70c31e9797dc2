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
 * Collects warnings per request and sends them as the X-Mock-Warnings header.
 * Called on the root instance, so every route (and the 404 handler) has them.
 */
export function addWarnings(app: FastifyInstance): void {
  app.decorateRequest('mockWarnings', null)
  // A callback hook, not an async one: it runs on every response.
  app.addHook(
    'onSend',
    (
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (err: null, payload: unknown) => void,
    ) => {
      if (request.mockWarnings) reply.header(WARNINGS_HEADER, encodeWarnings(request.mockWarnings))
      done(null, payload)
    },
  )
}
