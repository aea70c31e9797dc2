import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SuccessEnvelope } from '../schemas/envelope.js'
import { Type } from '../schemas/typebox.js'
import type { MockControl } from './mock-control.js'

const Health = Type.Object({
  status: Type.Literal('ok'),
  locations: Type.Integer({ description: 'Locations with saved settings.' }),
  data_file: Type.String({ description: 'The data file, or ":memory:".' }),
})

/** GET /__mock/health: 200 once the store is loaded and the server listens. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control: { store } },
) => {
  app.get(
    '/health',
    { schema: { summary: 'Readiness of the mock', response: { 200: SuccessEnvelope(Health) } } },
    async () => ({
      success: true as const,
      data: { status: 'ok' as const, locations: store.size('locations'), data_file: store.file },
      meta: [],
    }),
  )
}
