import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ControlLocationParams } from '../schemas/control.js'
import { ok, SuccessEnvelope } from '../schemas/envelope.js'
import { TriggerBatch, TriggerEvent } from '../schemas/event.js'
import { answers, TriggerResult } from '../schemas/responses.js'
import type { MockControl } from './mock-control.js'

/** Trigger events for a location: 202 with the delivery ids they produced. */
export const eventRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control },
) => {
  app.post(
    '/locations/:location_id/events',
    {
      schema: {
        summary: 'Trigger one event; it is delivered to every URL its settings switch on',
        params: ControlLocationParams,
        body: TriggerEvent,
        response: answers(202, SuccessEnvelope(TriggerResult)),
      },
    },
    async (request, reply) => {
      const result = control.trigger(Number(request.params.location_id), [request.body])
      return reply.code(202).send(ok(result))
    },
  )

  app.post(
    '/locations/:location_id/events/batch',
    {
      schema: {
        summary: 'Trigger several events at once',
        params: ControlLocationParams,
        body: TriggerBatch,
        response: answers(202, SuccessEnvelope(TriggerResult)),
      },
    },
    async (request, reply) => {
      const result = control.trigger(Number(request.params.location_id), request.body.events)
      return reply.code(202).send(ok(result))
    },
  )
}
