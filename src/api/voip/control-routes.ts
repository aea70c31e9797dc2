import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { WaitEndedError, WaitTimeoutError } from '../../deliveries/waiters.js'
import { AltegioError, validationFailed } from '../../http/errors.js'
import { ok, SuccessEnvelope } from '../../schemas/envelope.js'
import { answers } from '../../schemas/responses.js'
import {
  IntegrationList,
  IntegrationQuery,
  NotificationList,
  NotificationQuery,
  NotificationWaitBody,
} from '../../schemas/voip/control.js'
import { StoredVoipIntegration, VoipIntegrationInput } from '../../schemas/voip/integration.js'
import { type Voip, VoipRefusal } from './voip.js'

const optionalNumber = (value: string | undefined) =>
  value === undefined ? undefined : Number(value)

/** A wait's end as /__mock answers it: 408 on timeout, 409 when a reset ended it. */
export function waitError(error: unknown, where: string): never {
  if (error instanceof WaitTimeoutError) {
    throw new AltegioError(408, `Timed out: ${error.message}. ${where} shows what arrived.`)
  }
  if (error instanceof WaitEndedError) throw new AltegioError(409, `Wait ended: ${error.message}.`)
  throw error
}

/**
 * The VoIP section's side of /__mock: CRM tokens with their routing (voip
 * contract, section 3) and the incoming-call notifications (section 4).
 */
export const voipControlRoutes: FastifyPluginAsyncTypebox<{ voip: Voip }> = async (
  app,
  { voip },
) => {
  app.post(
    '/voip/integrations',
    {
      schema: {
        summary: 'Register a CRM token with its routes (replaces one with that token)',
        body: VoipIntegrationInput,
        response: answers(201, SuccessEnvelope(StoredVoipIntegration)),
      },
    },
    async (request, reply) => {
      try {
        const [stored] = await voip.register([request.body])
        return reply.code(201).send(ok(stored as StoredVoipIntegration))
      } catch (error) {
        if (error instanceof VoipRefusal) throw validationFailed(error.errors)
        throw error
      }
    },
  )

  app.get(
    '/voip/integrations',
    {
      schema: {
        summary:
          "The CRM tokens (telephony applications' among them), or those routed to a location",
        querystring: IntegrationQuery,
        response: answers(200, IntegrationList),
      },
    },
    async (request) => {
      const data = voip.integrations(optionalNumber(request.query.location_id))
      return { success: true as const, data, meta: { count: data.length } }
    },
  )

  app.get(
    '/voip/notifications',
    {
      schema: {
        summary: 'Incoming-call notifications the mock showed, oldest first',
        querystring: NotificationQuery,
        response: answers(200, NotificationList),
      },
    },
    async (request) => {
      const data = voip.notifications.list({
        location_id: optionalNumber(request.query.location_id),
        after_id: optionalNumber(request.query.after_id),
      })
      return {
        success: true as const,
        data,
        meta: { count: data.length, dropped: voip.notifications.dropped },
      }
    },
  )

  app.post(
    '/voip/notifications/wait',
    {
      schema: {
        summary:
          'Hold until `count` matching notifications are there, or `timeout_ms` passes (408)',
        body: NotificationWaitBody,
        response: answers(200, NotificationList),
      },
    },
    async (request) => {
      const { count = 1, timeout_ms = 10_000, ...filter } = request.body
      try {
        const data = await voip.notifications.waitFor(filter, count, timeout_ms)
        return {
          success: true as const,
          data,
          meta: { count: data.length, dropped: voip.notifications.dropped },
        }
      } catch (error) {
        waitError(error, 'GET /__mock/voip/notifications')
      }
    },
  )
}
