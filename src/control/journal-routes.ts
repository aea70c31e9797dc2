import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { WaitEndedError, WaitTimeoutError } from '../deliveries/waiters.js'
import { AltegioError, validationFailed } from '../http/errors.js'
import { DeliveryIdParams, DeliveryQuery, RequestQuery, WaitBody } from '../schemas/control.js'
import { ok, SuccessEnvelope } from '../schemas/envelope.js'
import { answers, Delivery, DeliveryPage, Finished, RequestPage } from '../schemas/responses.js'
import { RedeliverAllBody, RedeliverBody, Redelivered } from '../schemas/snapshots.js'
import { Type } from '../schemas/typebox.js'
import type { MockControl } from './mock-control.js'

const optionalNumber = (value: string | undefined) =>
  value === undefined ? undefined : Number(value)

const DEFAULT_PAGE = 100
/** A page of the delivery journal stops short of this many payload bytes. */
const MAX_PAGE_BYTES = 8 * 1024 * 1024

/** `limit` and `offset` of a list route, checked: limit 1 to 1000. */
function pageOf(query: { limit?: string | undefined; offset?: string | undefined }) {
  const limit = optionalNumber(query.limit) ?? DEFAULT_PAGE
  if (limit < 1 || limit > 1000) {
    throw validationFailed({
      limit: [`limit must be an integer from 1 to 1000, got ${JSON.stringify(query.limit)}.`],
    })
  }
  return { limit, offset: optionalNumber(query.offset) ?? 0 }
}

/** The meta of a page: where it is in the whole, and where the next one starts. */
function pageMeta(offset: number, returned: number, total: number) {
  return {
    count: returned,
    total,
    offset,
    next_offset: offset + returned < total ? offset + returned : null,
  }
}

/** A POST without a body asks for the defaults, as `{}` does. */
const noBodyIsEmpty = async (request: FastifyRequest) => {
  request.body ??= {}
}

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
        summary: 'Deliveries with every attempt, oldest first, a page at a time',
        querystring: DeliveryQuery,
        response: answers(200, DeliveryPage),
      },
    },
    async (request) => {
      const { location_id, limit: _l, offset: _o, ...filter } = request.query
      const { limit, offset } = pageOf(request.query)
      const page = deliveries.page(
        { ...filter, location_id: optionalNumber(location_id) },
        offset,
        limit,
        MAX_PAGE_BYTES,
      )
      return {
        success: true as const,
        data: page.deliveries,
        meta: {
          ...pageMeta(offset, page.deliveries.length, page.total),
          dropped: deliveries.dropped,
        },
      }
    },
  )

  app.get(
    '/deliveries/:id',
    {
      schema: {
        summary: 'One delivery',
        params: DeliveryIdParams,
        response: answers(200, SuccessEnvelope(Delivery)),
      },
    },
    async (request) => {
      const delivery = deliveries.get(Number(request.params.id))
      if (!delivery) {
        throw new AltegioError(
          404,
          `No delivery ${request.params.id}: it never existed, was reset, or was dropped from the journal (see --max-deliveries).`,
        )
      }
      return ok(delivery)
    },
  )

  app.post(
    '/deliveries/:id/redeliver',
    {
      preValidation: noBodyIsEmpty,
      schema: {
        summary:
          'Send a delivery again as a new one (redelivery_of), optionally to another url or with other data',
        description:
          'No gating: the platform redelivers what it sent. Awaitable as any delivery, by the id it answers. 404 when the journal no longer holds the delivery.',
        params: DeliveryIdParams,
        body: RedeliverBody,
        response: answers(202, SuccessEnvelope(Type.Object({ delivery_id: Type.Integer() }))),
      },
    },
    async (request, reply) =>
      reply.code(202).send(ok(control.redeliver(Number(request.params.id), request.body))),
  )

  app.post(
    '/deliveries/redeliver',
    {
      preValidation: noBodyIsEmpty,
      schema: {
        summary:
          'Send every matching finished delivery again (default: the failed ones), as Svix recovers failed messages since a time',
        body: RedeliverAllBody,
        response: answers(202, SuccessEnvelope(Redelivered)),
      },
    },
    async (request, reply) => reply.code(202).send(ok(control.redeliverMatching(request.body))),
  )

  app.post(
    '/deliveries/wait',
    {
      schema: {
        summary:
          'Hold until `count` matching deliveries have finished, or `timeout_ms` passes (408)',
        description:
          'A bare `count` counts every matching delivery still in the journal, including those that finished before the wait was asked. To wait for what a trigger made, send the `delivery_ids` it answered; to wait for what came after a point, `after_id` (the last id seen) or `since` (a time).',
        body: WaitBody,
        response: answers(200, Finished),
      },
    },
    async (request) => {
      const { count, timeout_ms = 10_000, ...filter } = request.body
      const ids = filter.delivery_ids
      if (ids && count !== undefined && count > ids.length) {
        throw validationFailed({
          count: [
            `is ${count}, more than the ${ids.length} deliveries named in delivery_ids: leave count out to wait for all of them`,
          ],
        })
      }
      try {
        const data = await deliveries.waitFor(filter, count, timeout_ms)
        return { success: true as const, data, meta: { count: data.length } }
      } catch (error) {
        if (error instanceof WaitTimeoutError) {
          throw new AltegioError(
            408,
            `Timed out: ${error.message}. GET /__mock/deliveries shows where each one stands.`,
          )
        }
        if (error instanceof WaitEndedError) {
          throw new AltegioError(409, `Wait ended: ${error.message}.`)
        }
        throw error
      }
    },
  )

  app.get(
    '/requests',
    {
      schema: {
        summary:
          'Requests to the Altegio routes, with their conformance warnings, a page at a time',
        querystring: RequestQuery,
        response: answers(200, RequestPage),
      },
    },
    async (request) => {
      const { location_id, method, status_code } = request.query
      const { limit, offset } = pageOf(request.query)
      const page = requests.page(
        {
          location_id: optionalNumber(location_id),
          method,
          status_code: optionalNumber(status_code),
        },
        offset,
        limit,
      )
      return {
        success: true as const,
        data: page.entries,
        meta: { ...pageMeta(offset, page.entries.length, page.total), dropped: requests.dropped },
      }
    },
  )
}
