import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AltegioError } from '../http/errors.js'
import { ok, SuccessEnvelope } from '../schemas/envelope.js'
import { Fault, FaultIdParams, FaultSpec } from '../schemas/faults.js'
import { answers, FaultList } from '../schemas/responses.js'
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
        response: answers(201, SuccessEnvelope(Fault)),
      },
    },
    async (request, reply) => reply.code(201).send(ok(faults.add(request.body))),
  )

  app.get(
    '/faults',
    {
      schema: {
        summary: 'Faults, with how often each fired',
        response: answers(200, FaultList),
      },
    },
    async () => {
      const data = faults.list()
      return { success: true as const, data, meta: { count: data.length } }
    },
  )

  app.delete(
    '/faults/:id',
    {
      schema: {
        summary: 'Remove a fault',
        params: FaultIdParams,
        response: answers(200, SuccessEnvelope(Type.Object({ removed: Type.Integer() }))),
      },
    },
    async (request) => {
      if (!faults.remove(Number(request.params.id))) {
        throw new AltegioError(
          404,
          `No fault ${request.params.id}: it never existed, was removed, or a reset removed it. GET /__mock/faults lists them.`,
        )
      }
      return ok({ removed: Number(request.params.id) })
    },
  )
}
