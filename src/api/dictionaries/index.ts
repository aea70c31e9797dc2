import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type DictionariesRoutesOptions, dictionariesRoutes } from './routes.js'

export type { DictionariesRoutesOptions } from './routes.js'

/**
 * The Dictionaries section of Developer Tools: GET /api/v1/countries,
 * /api/v1/cities and /api/v1/references/business_groups_with_types
 * (docs/dictionaries.md).
 */
export const dictionariesSection: FastifyPluginAsyncTypebox<DictionariesRoutesOptions> = async (
  app,
  options,
) => {
  await app.register(dictionariesRoutes, { prefix: '/api/v1', ...options })
}
