import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ok, SuccessEnvelope } from '../schemas/envelope.js'
import { answers, Health } from '../schemas/responses.js'
import type { MockControl } from './mock-control.js'

/** GET /__mock/health: 200 once the store is loaded and the server listens. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control: { store } },
) => {
  app.get(
    '/health',
    {
      schema: { summary: 'Readiness of the mock', response: answers(200, SuccessEnvelope(Health)) },
    },
    async () =>
      ok({ status: 'ok' as const, locations: store.size('locations'), data_file: store.file }),
  )
}
