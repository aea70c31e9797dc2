import { assertValid } from '../schemas/assert.js'
import type { LifecycleEvent } from '../schemas/event.js'
import {
  ApplicationInput,
  type StoredApplication,
  type StoredInstallation,
} from '../schemas/marketplace.js'
import { GrantUser, LifecycleBody } from '../schemas/marketplace-api.js'
import type { Marketplace } from './marketplace.js'
import { type LifecycleResult, triggerLifecycle } from './trigger.js'

/** `mock.marketplace`: what the /__mock marketplace routes do, from code. */
export interface MarketplaceApi {
  /** Registers an application (replacing one with its id). */
  register(application: ApplicationInput): Promise<StoredApplication>
  applications(): Promise<StoredApplication[]>
  /** Forgets an application, its installations and the URLs they installed; sends nothing. */
  unregister(applicationId: number): Promise<void>
  /** The owner clicked Connect: a pending installation, and the registration URL to open. */
  grant(
    locationId: number,
    applicationId: number,
    options?: { user?: GrantUser },
  ): Promise<{ installation: StoredInstallation; redirect_url: string | null }>
  /** An installation's whole record (status, logs, payments, URLs), or undefined. */
  installation(locationId: number, applicationId: number): Promise<StoredInstallation | undefined>
  /**
   * What the platform does on its own: the owner uninstalls, the paid period
   * expires (freeze), the owner pays through Altegio (payment). Resolves once
   * the state is saved, with the callback's delivery id (await it with
   * `deliveries.waitFor`).
   */
  trigger(
    locationId: number,
    applicationId: number,
    event: LifecycleEvent | LifecycleBody,
  ): Promise<LifecycleResult>
}

const checkApplication = assertValid(ApplicationInput)
const checkUser = assertValid(GrantUser)
const checkLifecycle = assertValid(LifecycleBody)

export function marketplaceApi(marketplace: Marketplace): MarketplaceApi {
  return {
    async register(application) {
      checkApplication(application, 'application')
      const [stored] = await marketplace.register([application])
      return stored as StoredApplication
    },
    applications: async () => marketplace.applications(),
    async unregister(applicationId) {
      await marketplace.unregister(applicationId)
    },
    async grant(locationId, applicationId, options = {}) {
      if (options.user !== undefined) checkUser(options.user, 'user')
      return marketplace.grant(locationId, applicationId, options.user)
    },
    installation: async (locationId, applicationId) =>
      marketplace.installation(locationId, applicationId),
    async trigger(locationId, applicationId, event) {
      const body = typeof event === 'string' ? { event } : event
      checkLifecycle(body, 'event')
      return triggerLifecycle(marketplace, locationId, applicationId, body)
    },
  }
}
