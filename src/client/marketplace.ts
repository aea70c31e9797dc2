import { type MarketplaceApi, marketplaceInput } from '../api/marketplace/api.js'
import { MarketplaceRefusal } from '../api/marketplace/marketplace.js'
import type { LifecycleResult } from '../api/marketplace/trigger.js'
import { checkId } from '../control/code-input.js'
import type { StoredApplication, StoredInstallation } from '../schemas/marketplace.js'
import { isNoRoute, type MockHttp, type Refused } from './http.js'

/** The fields a marketplace refusal names in a 422 (bounds), as MarketplaceRefusal has them. */
const REFUSAL_FIELDS = new Set(['application_id', 'salon_id', 'webhook_urls'])

/**
 * The MarketplaceRefusal the local API throws for what the /__mock routes
 * answer 404 (no such application or installation), 409 (the state machine
 * refuses) or 422 (a bound of the mock); else the default mapping.
 */
function refusal(http: MockHttp, reply: Refused): Error {
  const { status, message, errors } = reply
  if (status === 404 && !isNoRoute(reply)) {
    return /is not registered with the mock/.test(message)
      ? new MarketplaceRefusal('application', 'application_id', message)
      : new MarketplaceRefusal('installation', 'salon_id', message)
  }
  if (status === 409) return new MarketplaceRefusal('transition', 'salon_id', message)
  const fields = Object.entries(errors ?? {})
  const [field, texts] = fields[0] ?? []
  if (status === 422 && fields.length === 1 && field && REFUSAL_FIELDS.has(field)) {
    if (texts?.length === 1) return new MarketplaceRefusal('bound', field, texts[0] as string)
  }
  return http.error(reply)
}

/** `mock.marketplace` over the marketplace's /__mock routes. */
export function remoteMarketplace(http: MockHttp): MarketplaceApi {
  const data = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const reply = await http.request(method, path, body)
    if (reply.ok) return reply.data as T
    throw refusal(http, reply)
  }
  const at = (locationId: number, applicationId: number) =>
    `/locations/${locationId}/applications/${applicationId}`

  return {
    async register(application) {
      marketplaceInput.application(application)
      return data<StoredApplication>('POST', '/applications', application)
    },
    applications: () => data<StoredApplication[]>('GET', '/applications'),
    async unregister(applicationId) {
      checkId(applicationId, 'applicationId')
      const reply = await http.request('DELETE', `/applications/${applicationId}`)
      // The local API forgets an unknown application without a word: so does this.
      if (!reply.ok && (reply.status !== 404 || isNoRoute(reply))) throw refusal(http, reply)
    },
    async grant(locationId, applicationId, options = {}) {
      marketplaceInput.ids(locationId, applicationId)
      marketplaceInput.user(options.user)
      const body = options.user === undefined ? undefined : { user: options.user }
      return data('POST', `${at(locationId, applicationId)}/grant`, body)
    },
    async installation(locationId, applicationId) {
      marketplaceInput.ids(locationId, applicationId)
      const reply = await http.request('GET', at(locationId, applicationId))
      if (reply.ok) return reply.data as StoredInstallation
      if (reply.status === 404 && !isNoRoute(reply)) return undefined
      throw refusal(http, reply)
    },
    async trigger(locationId, applicationId, event) {
      marketplaceInput.ids(locationId, applicationId)
      const body = marketplaceInput.lifecycle(event)
      return data<LifecycleResult>('POST', `${at(locationId, applicationId)}/events`, body)
    },
  }
}
