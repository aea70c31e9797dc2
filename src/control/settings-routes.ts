import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { repeatedUrls } from '../altegio/settings-model.js'
import { validationFailed } from '../http/errors.js'
import { ControlLocationParams, LocationOptionsBody } from '../schemas/control.js'
import { SeedBody } from '../schemas/hook-settings.js'
import type { MockControl } from './mock-control.js'

/** Seed, read and reset a location without the Altegio auth. */
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
        summary: "Seed a location's settings (replaces them, as POST does), or give flags per URL",
        params: ControlLocationParams,
        body: SeedBody,
      },
    },
    async (request) => {
      const repeated = repeatedUrls(request.body)
      if (repeated) throw validationFailed(repeated)
      return {
        success: true,
        data: await control.seed(Number(request.params.location_id), request.body),
        meta: [],
      }
    },
  )

  app.get(
    '/locations/:location_id/options',
    {
      schema: {
        summary: 'How the mock behaves for this location (backend)',
        params: ControlLocationParams,
      },
    },
    async (request) => ({
      success: true,
      data: control.locations.get(Number(request.params.location_id)),
      meta: [],
    }),
  )

  app.put(
    '/locations/:location_id/options',
    {
      schema: {
        summary: 'Set how the mock behaves for this location; a reset forgets it',
        params: ControlLocationParams,
        body: LocationOptionsBody,
      },
    },
    async (request) => ({
      success: true,
      data: control.locations.set(Number(request.params.location_id), request.body),
      meta: [],
    }),
  )

  app.delete(
    '/locations/:location_id',
    {
      schema: {
        summary:
          'Reset one location: its settings, options, deliveries (pending ones cancelled) and requests',
        params: ControlLocationParams,
      },
    },
    async (request) => {
      const locationId = Number(request.params.location_id)
      await control.reset(locationId)
      return { success: true, data: { reset: locationId }, meta: [] }
    },
  )

  // Reset everything: settings, options, deliveries (pending ones cancelled), requests.
  app.post('/reset', async () => {
    await control.reset()
    return { success: true, data: { reset: 'all' }, meta: [] }
  })
}
