import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RequestJournal } from '../../control/request-journal.js'
import { AltegioError, validationFailed } from '../../http/errors.js'
import { warn } from '../../http/warnings.js'
import { POSITIVE_ID } from '../../schemas/ids.js'
import { answers } from '../../schemas/responses.js'
import { CallsAnswer, CallsQuery } from '../../schemas/voip/calls.js'
import { ACCEPTED, AcceptedAnswer, EVENT_FIELDS, VoipEventBody } from '../../schemas/voip/event.js'
import { partnerToken } from '../marketplace/partner-auth.js'
import { journalAnswers } from '../shared/answers.js'
import { type AuthOptions, authenticate, authorize } from '../shared/auth.js'
import { checkAccept } from '../shared/conformance.js'
import { type Answer, type Guards, guardedHook, JSON_TYPE } from '../shared/guards.js'
import { ALTEGIO_MEDIA_TYPES, PARTNER_ONLY, PARTNER_USER } from '../shared/route-docs.js'
import { listParam, type Voip, VoipRefusal } from './voip.js'

export interface VoipRoutesOptions {
  voip: Voip
  auth: AuthOptions
  requests: RequestJournal
  /** The rate limit and the faults of route "voip". */
  checks: Guards
}

// The routes' onSend hook journals the answer and sends its warnings.
const answer: Answer = (_request: FastifyRequest, reply: FastifyReply, statusCode, body) =>
  reply.code(statusCode).type(JSON_TYPE).send(body)

/** The location a calls request names, so a fault's `location_id` matches it. */
function salonOf(request: FastifyRequest): number | undefined {
  const id = (request.query as { salon_id?: unknown } | undefined)?.salon_id
  return typeof id === 'string' && POSITIVE_ID.test(id) ? Number(id) : undefined
}

/** A VoipRefusal as the route answers it: 422 by field, its warning sent. */
export function refused(request: FastifyRequest, error: unknown): never {
  if (!(error instanceof VoipRefusal)) throw error
  if (error.warning) warn(request, error.warning.code, error.warning.message)
  throw validationFailed(error.errors)
}

/**
 * The VoIP integration's routes on api.alteg.io's /api/v1 (voip contract,
 * sections 1 and 5). Every answer, errors and faults included, is journaled
 * with its warnings.
 */
export const voipRoutes: FastifyPluginAsyncTypebox<VoipRoutesOptions> = async (
  app,
  { voip, auth, requests, checks },
) => {
  journalAnswers(app, requests)

  app.post(
    '/voip/integration',
    {
      // Authentication before the body is checked: an anonymous request learns nothing.
      preValidation: guardedHook(checks, answer, (request) => {
        partnerToken(request, auth, 'the VoIP integration routes')
      }),
      schema: {
        summary: 'VoIP events: setup enable/disable, an incoming-call notification, a call saved',
        tags: ['voip'],
        security: [{ [PARTNER_ONLY]: [] }],
        produces: ALTEGIO_MEDIA_TYPES,
        body: VoipEventBody,
        response: answers(202, AcceptedAnswer),
      },
    },
    async (request, reply) => {
      const { body } = request
      const unknown = Object.keys(body).filter((key) => !EVENT_FIELDS.has(key))
      if (unknown.length > 0) {
        warn(
          request,
          'unknown-fields',
          `ignored fields that are not in the sources: ${unknown.join(', ')}`,
        )
      }
      const warnings = await voip.handle(body).catch((error) => refused(request, error))
      for (const warning of warnings) warn(request, warning.code, warning.message)
      return reply.code(202).send(ACCEPTED)
    },
  )

  app.get(
    '/voip/integration/calls',
    {
      preValidation: guardedHook(
        checks,
        answer,
        (request) => {
          checkAccept(request)
          try {
            const { user } = authenticate(request.headers.authorization, auth)
            const salon = salonOf(request)
            if (salon !== undefined) authorize(user, String(salon), auth)
          } catch (error) {
            if (!(error instanceof AltegioError)) throw error
            const hint = error.hint?.replace('hooks_settings', 'voip/integration/calls')
            throw new AltegioError(error.statusCode, error.message, undefined, hint)
          }
        },
        salonOf,
      ),
      schema: {
        summary: "A location's calls, newest first, a page at a time",
        tags: ['voip'],
        security: [{ [PARTNER_USER]: [] }],
        produces: ALTEGIO_MEDIA_TYPES,
        querystring: CallsQuery,
        response: answers(200, CallsAnswer),
      },
    },
    async (request) => {
      const query = request.query
      if (!POSITIVE_ID.test(query.salon_id)) {
        throw validationFailed({
          salon_id: [
            `salon_id must be a positive integer, the location id (e.g. 123), got ${JSON.stringify(query.salon_id)}.`,
          ],
        })
      }
      const locationId = Number(query.salon_id)
      let filter: ReturnType<Voip['callsFilter']>
      try {
        filter = voip.callsFilter(locationId, {
          date_from: query.date_from,
          date_to: query.date_to,
          phone: query.phone,
          types: listParam(query.types, query['types[]']),
          statuses: listParam(query.statuses, query['statuses[]']),
          page: query.page,
          limit: query.limit,
        })
      } catch (error) {
        refused(request, error)
      }
      const { calls, total } = voip.calls(locationId, filter)
      return {
        success: true as const,
        data: calls,
        meta: { count: calls.length, total_count: total },
      }
    },
  )
}
