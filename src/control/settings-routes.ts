import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { repeatedUrls } from '../api/hooks-settings/settings-model.js'
import { validationFailed } from '../http/errors.js'
import { ControlLocationParams, LocationOptionsBody } from '../schemas/control.js'
import { ok, SuccessEnvelope } from '../schemas/envelope.js'
import { SeedBody } from '../schemas/hooks-settings/settings.js'
import { answers, HookSettings, LocationBehaviour, Reset } from '../schemas/responses.js'
import type { MockControl } from './mock-control.js'

/** Seed, read and reset a location without the Altegio auth. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control },
) => {
  app.get(
    '/locations/:location_id/settings',
    {
      schema: {
        summary: "Read a location's settings",
        params: ControlLocationParams,
        response: answers(200, SuccessEnvelope(HookSettings)),
      },
    },
    async (request) => ok(control.settings(Number(request.params.location_id))),
  )

  app.put(
    '/locations/:location_id/settings',
    {
      schema: {
        summary: "Seed a location's settings (replaces them, as POST does), or give flags per URL",
        params: ControlLocationParams,
        body: SeedBody,
        response: answers(200, SuccessEnvelope(HookSettings)),
      },
    },
    async (request) => {
      const repeated = repeatedUrls(request.body)
      if (repeated) throw validationFailed(repeated)
      return ok(await control.seed(Number(request.params.location_id), request.body))
    },
  )

  app.get(
    '/locations/:location_id/options',
    {
      schema: {
        summary: 'How the mock behaves for this location (backend, delivery quirks)',
        params: ControlLocationParams,
        response: answers(200, SuccessEnvelope(LocationBehaviour)),
      },
    },
    async (request) => ok(control.locations.get(Number(request.params.location_id))),
  )

  app.put(
    '/locations/:location_id/options',
    {
      schema: {
        summary: 'Set how the mock behaves for this location; a reset forgets it',
        params: ControlLocationParams,
        body: LocationOptionsBody,
        response: answers(200, SuccessEnvelope(LocationBehaviour)),
      },
    },
    async (request) => ok(control.locations.set(Number(request.params.location_id), request.body)),
  )

  app.delete(
    '/locations/:location_id',
    {
      schema: {
        summary:
          'Reset one location: its settings, options, faults, deliveries (pending ones cancelled) and requests',
        params: ControlLocationParams,
        response: answers(200, SuccessEnvelope(Reset)),
      },
    },
    async (request) => {
      const locationId = Number(request.params.location_id)
      await control.reset(locationId)
      return ok({ reset: locationId })
    },
  )

  app.post(
    '/reset',
    {
      schema: {
        summary:
          'Reset everything: settings, options, faults, deliveries (pending ones cancelled), requests',
        response: answers(200, SuccessEnvelope(Reset)),
      },
    },
    async () => {
      await control.reset()
      return ok({ reset: 'all' as const })
    },
  )
}
