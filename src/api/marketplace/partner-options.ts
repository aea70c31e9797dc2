import type { RequestJournal } from '../../control/request-journal.js'
import type { AuthOptions } from '../shared/auth.js'
import type { Guards } from '../shared/guards.js'
import type { Marketplace } from './marketplace.js'

/** What each group of partner routes is given (partner-routes.ts registers them). */
export interface PartnerRoutesOptions {
  marketplace: Marketplace
  auth: AuthOptions
  requests: RequestJournal
  /** The seed of generated entities: the salons list shows each location as its webhooks do. */
  seed: number
  /** The rate limit and the faults of route "marketplace" (one for both prefixes). */
  checks: Guards
}
