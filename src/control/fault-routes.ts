import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AltegioError } from '../http/errors.js'
import { MetaEnvelope } from '../schemas/envelope.js'
import { Fault, FaultIdParams, FaultSpec } from '../schemas/faults.js'
import { Type } from '../schemas/typebox.js'
import type { MockControl } from './mock-control.js'

/** Faults on demand: add, list, remove (resets remove the faults they cover). */
export const faultRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control: { faults } },
) => {
  app.post(
    '/faults',
    {
      schema: {
        summary: 'Add a fault: matching requests get it instead of their answer',
        body: FaultSpec,
      },
    },
    async (request, reply) =>
      reply.code(201).send({ success: true, data: faults.add(request.body), meta: [] }),
  )

  app.get(
    '/faults',
    {
      schema: {
        summary: 'Faults, with how often each fired',
        response: {
          200: MetaEnvelope(Type.Array(Fault), Type.Object({ count: Type.Integer() })),
        },
      },
    },
    async () => {
      const data = faults.list()
      return { success: true as const, data, meta: { count: data.length } }
    },
  )

  app.delete(
    '/faults/:id',
    { schema: { summary: 'Remove a fault', params: FaultIdParams } },
    async (request) => {
      if (!faults.remove(Number(request.params.id))) {
        throw new AltegioError(
          404,
          `No fault ${request.params.id}: it never existed, was removed, or a reset removed it. GET /__mock/faults lists them.`,
        )
      }
      return { success: true, data: { removed: Number(request.params.id) }, meta: [] }
    },
  )
}
