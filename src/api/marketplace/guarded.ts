import type { FastifyReply, FastifyRequest } from 'fastify'
import { requestLocation } from '../../http/request-location.js'
import { type Answer, type Guards, guardedHook, JSON_TYPE } from '../shared/guards.js'
import { ALTEGIO_MEDIA_TYPES, PARTNER_ONLY } from '../shared/route-docs.js'

/** What the OpenAPI document says of every partner-only route, beside its own schema. */
export const PARTNER_ROUTE = {
  tags: ['marketplace'],
  security: [{ [PARTNER_ONLY]: [] }],
  produces: ALTEGIO_MEDIA_TYPES,
}

// The routes' onSend hook journals the answer and sends its warnings.
const answer: Answer = (_request: FastifyRequest, reply: FastifyReply, statusCode, body) =>
  reply.code(statusCode).type(JSON_TYPE).send(body)

/**
 * The hook of the emulated marketplace routes: the rate limit and the faults
 * of route "marketplace" first, as hooks_settings has them, then
 * `authenticate`. Run where the body is parsed (preValidation) it can match
 * a fault's location in the body.
 */
export function guarded(
  checks: Guards,
  authenticate: (request: FastifyRequest) => void,
): ReturnType<typeof guardedHook> {
  return guardedHook(checks, answer, authenticate, requestLocation)
}
