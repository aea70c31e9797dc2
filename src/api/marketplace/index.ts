import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MockConfig } from '../../config/index.js'
import { ConfigError } from '../../config/kinds.js'
import type { RequestJournal } from '../../control/request-journal.js'
import type { DeliveryDispatcher } from '../../deliveries/dispatcher.js'
import type { ApplicationInput } from '../../schemas/marketplace/application.js'
import type { Store } from '../../store/store.js'
import type { Guards } from '../shared/guards.js'
import { applicationsProblem, readApplicationsFile } from './applications.js'
import { marketplaceControlRoutes } from './control-routes.js'
import { grantRoutes } from './grant-routes.js'
import { Marketplace } from './marketplace.js'
import { partnerRoutes } from './partner-routes.js'

export { Marketplace, MarketplaceRefusal } from './marketplace.js'

/** The applications of the `applications` option: a file's, or the list given in code. */
async function startApplications(option: MockConfig['applications']): Promise<ApplicationInput[]> {
  if (option === undefined) return []
  if (typeof option === 'string') return readApplicationsFile(option)
  const problem = applicationsProblem(option)
  if (problem) throw new ConfigError(`the option applications: ${problem}.`)
  return option
}

/** The marketplace over the store, with the start applications registered. */
export async function openMarketplace(
  store: Store,
  deliveries: DeliveryDispatcher,
  now: () => Date,
  applications: MockConfig['applications'],
  seed = 0,
): Promise<Marketplace> {
  const apps = await startApplications(applications)
  const marketplace = new Marketplace(store, deliveries, now, apps, seed)
  await marketplace.start()
  return marketplace
}

export interface MarketplaceSectionOptions {
  marketplace: Marketplace
  config: MockConfig
  requests: RequestJournal
  /** Where the mock's own routes live. */
  controlPrefix: string
  /** The rate limit and the faults of route "marketplace", for the emulated routes. */
  checks: Guards
}

/**
 * Every marketplace route: the owner's grant on api.alteg.io's /api/v1, the
 * partner's routes on app.alteg.io's /marketplace (and under /api/v1 as
 * well, marketplace contract D1), and the mock's own under /__mock. One port serves both
 * hosts' paths.
 */
export const marketplaceSection: FastifyPluginAsyncTypebox<MarketplaceSectionOptions> = async (
  app,
  { marketplace, config, requests, controlPrefix, checks },
) => {
  await app.register(grantRoutes, {
    prefix: '/api/v1',
    marketplace,
    auth: config,
    requests,
    checks,
  })
  for (const prefix of ['', '/api/v1']) {
    await app.register(partnerRoutes, {
      prefix,
      marketplace,
      auth: config,
      requests,
      seed: config.seed,
      checks,
    })
  }
  await app.register(marketplaceControlRoutes, { prefix: controlPrefix, marketplace })
}
