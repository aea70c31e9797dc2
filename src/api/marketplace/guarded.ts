import type { FastifyReply, FastifyRequest } from 'fastify'
import { isId, POSITIVE_ID } from '../../schemas/ids.js'
import { type Answer, type Guards, guardedHook, JSON_TYPE, pathLocation } from '../shared/guards.js'
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

/** A positive integer id, or undefined. */
function id(value: unknown): number | undefined {
  const number = typeof value === 'string' && POSITIVE_ID.test(value) ? Number(value) : value
  return isId(number) ? number : undefined
}

/**
 * The location a marketplace request is for, so that a fault's `location_id`
 * matches it: the path's, else `salon_id` of the query or the body, else the
 * first of the body's `salon_ids` (add_discount).
 */
export function marketplaceLocation(request: FastifyRequest): number | undefined {
  const query = request.query as { salon_id?: unknown } | undefined
  const body = (request.body ?? undefined) as
    | { salon_id?: unknown; salon_ids?: unknown }
    | undefined
  const bodyIds = typeof body === 'object' && body !== null ? body : undefined
  return (
    pathLocation(request) ??
    id(query?.salon_id) ??
    id(bodyIds?.salon_id) ??
    (Array.isArray(bodyIds?.salon_ids) ? id(bodyIds.salon_ids[0]) : undefined)
  )
}

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
  return guardedHook(checks, answer, authenticate, marketplaceLocation)
}
