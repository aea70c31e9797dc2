import type { FastifyRequest } from 'fastify'
import { isId, POSITIVE_ID } from '../schemas/ids.js'

/** The location a request is for, when its path says it. */
export function pathLocation(request: FastifyRequest): number | undefined {
  const id = (request.params as { location_id?: string } | undefined)?.location_id ?? ''
  return POSITIVE_ID.test(id) ? Number(id) : undefined
}

/** A positive integer id, as text or a number, or undefined. */
function id(value: unknown): number | undefined {
  const number = typeof value === 'string' && POSITIVE_ID.test(value) ? Number(value) : value
  return isId(number) ? number : undefined
}

/**
 * The location a request is for, wherever it names it: the path's, else
 * `salon_id` (or `company_id`) of the query or the body, else the first of
 * the body's `salon_ids` (add_discount). Faults match it, and the request
 * journal keeps it.
 */
export function requestLocation(request: FastifyRequest): number | undefined {
  const inPath = pathLocation(request)
  if (inPath !== undefined) return inPath
  const query = request.query as { salon_id?: unknown; company_id?: unknown } | undefined
  const body = request.body as
    | { salon_id?: unknown; company_id?: unknown; salon_ids?: unknown }
    | null
    | undefined
  const fields = typeof body === 'object' && body !== null ? body : undefined
  return (
    id(query?.salon_id) ??
    id(query?.company_id) ??
    id(fields?.salon_id) ??
    id(fields?.company_id) ??
    (Array.isArray(fields?.salon_ids) ? id(fields.salon_ids[0]) : undefined)
  )
}
