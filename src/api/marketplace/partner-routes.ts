import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { journalAnswers } from '../shared/answers.js'
import { billingRoutes } from './billing-routes.js'
import { channelRoutes } from './channel-routes.js'
import { guarded } from './guarded.js'
import { installationRoutes } from './installation-routes.js'
import { partnerToken } from './partner-auth.js'
import type { PartnerRoutesOptions } from './partner-options.js'

/**
 * The partner's marketplace routes, as app.alteg.io serves them under
 * /marketplace (marketplace contract, section 0). Registered at the root and under
 * /api/v1 too: Developer Tools shows some of them on api.alteg.io (D1).
 * Every answer, errors and faults included, is journaled with its warnings.
 */
export const partnerRoutes: FastifyPluginAsyncTypebox<PartnerRoutesOptions> = async (
  app,
  options,
) => {
  journalAnswers(app, options.requests)
  // After the body is parsed, so that a fault can match the location it names.
  app.addHook(
    'preValidation',
    guarded(options.checks, (request) => {
      partnerToken(request, options.auth)
    }),
  )
  // Not `options` itself: its prefix would be applied again.
  const { marketplace, auth, requests, seed, checks } = options
  const deps = { marketplace, auth, requests, seed, checks }
  await app.register(installationRoutes, deps)
  await app.register(billingRoutes, deps)
  await app.register(channelRoutes, deps)
}
