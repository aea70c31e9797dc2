import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ErrorEnvelope } from '../schemas/envelope.js'
import type { TSchema } from '../schemas/typebox.js'
import { type Checker, lazyCheck } from '../schemas/validator.js'

const checkers = new WeakMap<TSchema, Checker<unknown>>()
const checkerOf = (schema: TSchema) => {
  let check = checkers.get(schema)
  if (!check) {
    check = lazyCheck(schema)
    checkers.set(schema, check)
  }
  return check
}

/** The schema a route declares for this status: exactly, or by class (4xx, 5xx). */
function schemaFor(reply: FastifyReply): TSchema | undefined {
  const responses = reply.routeOptions.schema?.response as Record<string, TSchema> | undefined
  const status = reply.statusCode
  return responses?.[status] ?? responses?.[`${Math.floor(status / 100)}xx`]
}

/**
 * --check-responses: every JSON answer is checked against its route's
 * schema (unknown routes: the error envelope) before it goes out, and one
 * that does not match becomes a 500 saying where. The mock's own tests run
 * with it, so no route can answer a shape its schema (and OpenAPI) does not say.
 */
export function addResponseCheck(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    // Strings, and the ready bytes some routes send (the dictionaries).
    const text =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : null
    if (text === null || request.mockFault !== null) return payload
    if (!String(reply.getHeader('content-type') ?? '').includes('json')) return payload
    const schema = reply.routeOptions.url ? schemaFor(reply) : ErrorEnvelope
    if (!schema) {
      throw new Error(
        `${request.method} ${reply.routeOptions.url} declares no schema for ${reply.statusCode}`,
      )
    }
    const check = checkerOf(schema)
    if (!check(JSON.parse(text))) {
      const [error] = check.errors
      throw new Error(
        `the ${reply.statusCode} answer of ${request.method} ${request.url} does not match its schema at ${error?.instancePath || '/'}: ${error?.message}`,
      )
    }
    return payload
  })
}
