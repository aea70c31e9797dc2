import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ControlLocationParams } from '../schemas/control.js'
import { HookSettingsBody } from '../schemas/hook-settings.js'
import type { MockControl } from './mock-control.js'

/** Seed, read and reset settings without the Altegio auth. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control },
) => {
  app.get(
    '/locations/:location_id/settings',
    { schema: { summary: "Read a location's settings", params: ControlLocationParams } },
    async (request) => ({
      success: true,
      data: control.settings(Number(request.params.location_id)),
      meta: [],
    }),
  )

  app.put(
    '/locations/:location_id/settings',
    {
      schema: {
        summary: "Seed a location's settings (replaces them, as POST does)",
        params: ControlLocationParams,
        body: HookSettingsBody,
      },
    },
    async (request) => ({
      success: true,
      data: await control.seed(Number(request.params.location_id), request.body),
      meta: [],
    }),
  )

  app.delete(
    '/locations/:location_id',
    {
      schema: {
        summary:
          'Reset one location: its settings, deliveries (pending ones cancelled) and requests',
        params: ControlLocationParams,
      },
    },
    async (request) => {
      const locationId = Number(request.params.location_id)
      await control.reset(locationId)
      return { success: true, data: { reset: locationId }, meta: [] }
    },
  )

  // Reset everything: settings, deliveries (pending ones cancelled), requests.
  app.post('/reset', async () => {
    await control.reset()
    return { success: true, data: { reset: 'all' }, meta: [] }
  })
}
