import { checkId } from '../../control/code-input.js'
import { assertValid } from '../../schemas/assert.js'
import type { LifecycleEvent } from '../../schemas/event.js'
import {
  ApplicationInput,
  type StoredApplication,
  type StoredInstallation,
} from '../../schemas/marketplace.js'
import { GrantUser, LifecycleBody } from '../../schemas/marketplace-api.js'
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

/**
 * The checks of `mock.marketplace`'s arguments, shared with connectAltegioMock
 * so both refuse the same input with the same TypeError.
 */
export const marketplaceInput = {
  application(application: unknown): void {
    checkApplication(application, 'application')
  },
  ids(locationId: unknown, applicationId: unknown): void {
    checkId(locationId, 'locationId')
    checkId(applicationId, 'applicationId')
  },
  user(user: unknown): void {
    if (user !== undefined) checkUser(user, 'user')
  },
  /** The body of a lifecycle trigger, checked: an event name stands for `{event}`. */
  lifecycle(event: LifecycleEvent | LifecycleBody): LifecycleBody {
    const body = typeof event === 'string' ? { event } : event
    checkLifecycle(body, 'event')
    return body
  },
}

export function marketplaceApi(marketplace: Marketplace): MarketplaceApi {
  return {
    async register(application) {
      marketplaceInput.application(application)
      const [stored] = await marketplace.register([application])
      return stored as StoredApplication
    },
    applications: async () => marketplace.applications(),
    async unregister(applicationId) {
      checkId(applicationId, 'applicationId')
      await marketplace.unregister(applicationId)
    },
    async grant(locationId, applicationId, options = {}) {
      marketplaceInput.ids(locationId, applicationId)
      marketplaceInput.user(options.user)
      return marketplace.grant(locationId, applicationId, options.user)
    },
    async installation(locationId, applicationId) {
      marketplaceInput.ids(locationId, applicationId)
      return marketplace.installation(locationId, applicationId)
    },
    async trigger(locationId, applicationId, event) {
      marketplaceInput.ids(locationId, applicationId)
      const body = marketplaceInput.lifecycle(event)
      return triggerLifecycle(marketplace, locationId, applicationId, body)
    },
  }
}
