import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ClientFixBody, ClientParams, LocationClient } from '../schemas/clients.js'
import { ControlLocationParams } from '../schemas/control.js'
import { ok, SuccessEnvelope } from '../schemas/envelope.js'
import { answers } from '../schemas/responses.js'
import { Type } from '../schemas/typebox.js'
import type { MockControl } from './mock-control.js'

/** A location's clients, as its webhooks and VoIP call matching see them. */
export const clientRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control },
) => {
  app.get(
    '/locations/:location_id/clients',
    {
      schema: {
        summary: "List a location's clients (as its client and record webhooks carry them)",
        params: ControlLocationParams,
        response: answers(200, SuccessEnvelope(Type.Array(LocationClient))),
      },
    },
    async (request) => ok(control.clients.list(Number(request.params.location_id))),
  )

  app.put(
    '/locations/:location_id/clients/:client_id',
    {
      schema: {
        summary:
          "Fix a client's name, surname, phone or e-mail: every later webhook and call match uses them",
        params: ClientParams,
        body: ClientFixBody,
        response: answers(200, SuccessEnvelope(LocationClient)),
      },
    },
    async (request) =>
      ok(
        await control.clients.fix(
          Number(request.params.location_id),
          Number(request.params.client_id),
          request.body,
        ),
      ),
  )
}
