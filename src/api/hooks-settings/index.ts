import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type HooksSettingsRoutesOptions, hooksSettingsRoutes } from './routes.js'

export type { HooksSettingsRoutesOptions } from './routes.js'

/**
 * The Webhooks section of Developer Tools: GET/POST
 * /api/v1/hooks_settings/{location_id} (contract sections 1-3). Each section's
 * index.ts registers its routes under the paths its host uses.
 */
export const hooksSettingsSection: FastifyPluginAsyncTypebox<HooksSettingsRoutesOptions> = async (
  app,
  { store, auth, checks, locations, requests },
) => {
  await app.register(hooksSettingsRoutes, {
    prefix: '/api/v1',
    store,
    auth,
    checks,
    locations,
    requests,
  })
}

export { hooksSettingsLearner } from './learn.js'
