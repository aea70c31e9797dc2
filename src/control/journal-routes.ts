import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { WaitTimeoutError } from '../deliveries/dispatcher.js'
import { AltegioError } from '../http/errors.js'
import { DeliveryIdParams, DeliveryQuery, RequestQuery, WaitBody } from '../schemas/control.js'
import type { MockControl } from './mock-control.js'

const optionalNumber = (value: string | undefined) =>
  value === undefined ? undefined : Number(value)

/** The delivery and request journals, and the wait that spares tests a sleep. */
export const journalRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control },
) => {
  const { deliveries, requests } = control

  app.get(
    '/deliveries',
    {
      schema: {
        summary: 'Deliveries with every attempt, oldest first',
        querystring: DeliveryQuery,
      },
    },
    async (request) => {
      const { location_id, ...rest } = request.query
      const data = deliveries.list({ ...rest, location_id: optionalNumber(location_id) })
      return { success: true, data, meta: { count: data.length, dropped: deliveries.dropped } }
    },
  )

  app.get(
    '/deliveries/:id',
    { schema: { summary: 'One delivery', params: DeliveryIdParams } },
    async (request) => {
      const delivery = deliveries.get(Number(request.params.id))
      if (!delivery) {
        throw new AltegioError(
          404,
          `No delivery ${request.params.id}: it never existed, was reset, or was dropped from the journal (see --max-deliveries).`,
        )
      }
      return { success: true, data: delivery, meta: [] }
    },
  )

  app.post(
    '/deliveries/wait',
    {
      schema: {
        summary:
          'Hold until `count` matching deliveries have finished, or `timeout_ms` passes (408)',
        body: WaitBody,
      },
    },
    async (request) => {
      const { count = 1, timeout_ms = 10_000, ...filter } = request.body
      try {
        const data = await deliveries.waitFor(filter, count, timeout_ms)
        return { success: true, data, meta: { count: data.length } }
      } catch (error) {
        if (error instanceof WaitTimeoutError) {
          throw new AltegioError(
            408,
            `Timed out: ${error.message}. GET /__mock/deliveries shows where each one stands.`,
          )
        }
        throw new AltegioError(409, `Wait ended: ${(error as Error).message}.`)
      }
    },
  )

  app.get(
    '/requests',
    {
      schema: {
        summary: 'Requests to the Altegio routes, with their conformance warnings',
        querystring: RequestQuery,
      },
    },
    async (request) => {
      const { location_id, method, status_code } = request.query
      const data = requests.list({
        location_id: optionalNumber(location_id),
        method,
        status_code: optionalNumber(status_code),
      })
      return { success: true, data, meta: { count: data.length, dropped: requests.dropped } }
    },
  )
}
