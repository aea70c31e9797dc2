import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RequestJournal } from '../../control/request-journal.js'
import type { VoipIntegrationInput } from '../../schemas/voip/integration.js'
import type { Store } from '../../store/store.js'
import type { AuthOptions } from '../shared/auth.js'
import type { LocationClients } from '../shared/clients.js'
import type { Guards } from '../shared/guards.js'
import { voipControlRoutes } from './control-routes.js'
import { startIntegrations } from './integrations-file.js'
import { voipRoutes } from './routes.js'
import { Voip } from './voip.js'

export { Voip, VoipRefusal } from './voip.js'

/** The VoIP section over the store, with the start CRM tokens registered. */
export async function openVoip(
  store: Store,
  now: () => Date,
  seed: number,
  clients: LocationClients,
  integrations: string | VoipIntegrationInput[] | undefined,
): Promise<Voip> {
  const voip = new Voip(store, now, seed, clients, await startIntegrations(integrations))
  await voip.start()
  return voip
}

export interface VoipSectionOptions {
  voip: Voip
  auth: AuthOptions
  requests: RequestJournal
  /** Where the mock's own routes live. */
  controlPrefix: string
  /** The rate limit and the faults of route "voip". */
  checks: Guards
}

/**
 * The VoIP Integration section of Developer Tools: POST /api/v1/voip/integration
 * and GET /api/v1/voip/integration/calls on api.alteg.io (docs/voip-contract.md),
 * and the mock's own under /__mock/voip.
 */
export const voipSection: FastifyPluginAsyncTypebox<VoipSectionOptions> = async (
  app,
  { voip, auth, requests, controlPrefix, checks },
) => {
  await app.register(voipRoutes, { prefix: '/api/v1', voip, auth, requests, checks })
  await app.register(voipControlRoutes, { prefix: controlPrefix, voip })
}
