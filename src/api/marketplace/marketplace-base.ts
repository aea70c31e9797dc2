import type { DeliveryDispatcher } from '../../deliveries/dispatcher.js'
import { entityFor } from '../../deliveries/entities/index.js'
import { type ConsoleLog, logs } from '../../log/console.js'
import type { CompanyEntity } from '../../schemas/entities/company.js'
import type { LifecycleEvent } from '../../schemas/event.js'
import type { ApplicationInput, StoredApplication } from '../../schemas/marketplace/application.js'
import type { CallbackPayload } from '../../schemas/marketplace/control-routes.js'
import {
  installationKey,
  MAX_INSTALLATIONS,
  type StoredInstallation,
} from '../../schemas/marketplace/installation.js'
import type { Change } from '../../store/collections.js'
import type { StateView, Store } from '../../store/store.js'
import { toStoredApplication } from './applications.js'
import { type Callback, MarketplaceRefusal, newInstallation } from './installation.js'
import { removeUrls } from './installer.js'
import { lifecyclePayload } from './lifecycle.js'
import { type Action, transition } from './state-machine.js'

/**
 * What every marketplace operation stands on: reads of the store's latest state, one change
 * at a time, the state machine's verdict, and callbacks handed to the
 * delivery engine. The operations are in marketplace.ts.
 */
export class MarketplaceBase {
  protected readonly store: Store
  protected readonly deliveries: DeliveryDispatcher
  protected readonly clock: () => Date
  /** Registered at start (--applications, or in code), and again by a global reset. */
  protected readonly startApplications: StoredApplication[]
  /** A location's title as its company webhooks show it: user_data's salon_name. */
  protected readonly salonName: (locationId: number) => string
  protected queue: Promise<unknown> = Promise.resolve()
  protected lastPaymentId: number | undefined
  /** Where transitions are told at info; set by buildApp when the mock logs. */
  log: ConsoleLog | undefined
  /**
   * What an owner's grant commits besides the installation, in the same
   * commit: a telephony application's CRM token (voip contract, section 3); set by buildApp.
   */
  grantChanges: (
    application: StoredApplication,
    locationId: number,
    latest: StateView,
  ) => Change[] = () => []
  /** The live timeline, told of each transition as it is saved (control/timeline.ts). */
  onTransition:
    | ((
        action: Action,
        from: StoredInstallation['status'],
        next: StoredInstallation,
        source: string,
      ) => void)
    | undefined

  /** One line per installation transition, once it is saved. */
  protected noteTransition(
    action: Action,
    from: StoredInstallation['status'],
    next: StoredInstallation,
    source: string,
  ): void {
    this.onTransition?.(action, from, next, source)
    if (!logs(this.log, 'info')) return
    const { location_id, application_id, status } = next
    this.log.info(
      { action, location_id, application_id, status_from: from, status_to: status, source },
      `marketplace: ${action} application ${application_id} at location ${location_id}: ${from} -> ${status} (${source})`,
    )
  }

  constructor(
    store: Store,
    deliveries: DeliveryDispatcher,
    now: () => Date,
    startApplications: ApplicationInput[] = [],
    seed = 0,
  ) {
    this.store = store
    this.deliveries = deliveries
    this.clock = now
    this.startApplications = startApplications.map(toStoredApplication)
    this.salonName = (locationId) =>
      (
        entityFor(seed, {
          locationId,
          resource: 'company',
          resourceId: locationId,
          status: 'update',
        }) as CompanyEntity
      ).title
  }

  /**
   * What the marketplace reads: the store's latest state, so that a decision
   * sees every write made before it, durable or not yet (store.ts, `latest`).
   */
  protected get state(): StateView {
    return this.store.latest
  }

  /** The mock's clock: the `now` option. */
  get now(): Date {
    return this.clock()
  }

  application(id: number): StoredApplication | undefined {
    return this.state.get('applications', String(id))
  }

  applications(): StoredApplication[] {
    return Array.from(this.state.entries('applications'), ([, application]) => application)
  }

  installation(locationId: number, applicationId: number): StoredInstallation | undefined {
    return this.state.get('installations', installationKey(locationId, applicationId))
  }

  /** An application's installations, in the order they were first stored. */
  installationsOf(applicationId: number): StoredInstallation[] {
    const found: StoredInstallation[] = []
    for (const [, installation] of this.state.entries('installations')) {
      if (installation.application_id === applicationId) found.push(installation)
    }
    return found
  }

  /**
   * The locations of one page of an application's listed (active or frozen)
   * installations, in the order they were first stored: only that page is kept.
   */
  listedPage(applicationId: number, offset: number, count: number): number[] {
    const page: number[] = []
    let skipped = 0
    for (const [, installation] of this.state.entries('installations')) {
      if (installation.application_id !== applicationId) continue
      if (installation.status !== 'active' && installation.status !== 'freezed') continue
      if (skipped < offset) skipped += 1
      else if (page.push(installation.location_id) === count) break
    }
    return page
  }

  /** Runs changes one at a time: each decides from the state the previous one left. */
  protected serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => {})
    return run
  }

  protected requireApplication(id: number): StoredApplication {
    const application = this.application(id)
    if (application) return application
    throw new MarketplaceRefusal(
      'application',
      'application_id',
      `application ${id} is not registered with the mock: register it first (POST /__mock/applications, --applications, or mock.marketplace.register()).`,
    )
  }

  /** The installation and the status `action` takes it to; refused as the state machine says. */
  protected step(locationId: number, applicationId: number, action: Action) {
    const installation = this.installationOrNew(locationId, applicationId, 0)
    const pendingForMs =
      installation.granted_at_ms === null
        ? null
        : this.clock().getTime() - installation.granted_at_ms
    const result = transition(
      { locationId, applicationId, status: installation.status, pendingForMs },
      action,
    )
    if (result.ok) return { installation, status: result.to }
    const kind =
      installation.status === 'uninstalled' && action !== 'activate'
        ? 'installation'
        : action === 'activate' && installation.status === 'active'
          ? 'installed'
          : 'transition'
    throw new MarketplaceRefusal(kind, 'salon_id', result.reason)
  }

  /** The stored installation, or a new uninstalled one while the bound allows `adding` more. */
  protected installationOrNew(
    locationId: number,
    applicationId: number,
    adding: number,
  ): StoredInstallation {
    const stored = this.installation(locationId, applicationId)
    if (stored) return stored
    if (this.state.size('installations') + adding >= MAX_INSTALLATIONS) {
      throw new MarketplaceRefusal(
        'bound',
        'salon_id',
        `the mock keeps at most ${MAX_INSTALLATIONS} installations: reset some locations first.`,
      )
    }
    return newInstallation(locationId, applicationId)
  }

  /** The location's settings without the URLs `installation` installed. */
  protected removeUrls(installation: StoredInstallation): Change[] {
    if (installation.webhook_urls.length === 0) return []
    const key = String(installation.location_id)
    const left = removeUrls(this.state.get('locations', key), installation.webhook_urls)
    if (left) return [{ op: 'put', collection: 'locations', key, value: left }]
    return this.state.get('locations', key) ? [{ op: 'delete', collection: 'locations', key }] : []
  }

  protected callback(
    application: StoredApplication,
    locationId: number,
    event: LifecycleEvent,
  ): Callback {
    return this.send(application, locationId, lifecyclePayload(application, locationId, event))
  }

  /** Hands a callback to the delivery engine: gated by nothing, retried, journaled. */
  protected send(
    application: StoredApplication,
    locationId: number,
    payload: CallbackPayload,
  ): Callback {
    const url = application.callback_url
    if (!url) {
      const skipped = `application ${application.application_id} has no callback_url: nothing was sent.`
      return { delivery_id: null, skipped, payload }
    }
    const event = payload.event
    const sent = this.deliveries.sendLifecycle(
      locationId,
      url,
      { status: event, application_id: application.application_id },
      JSON.stringify(payload),
    )
    return { ...sent, payload }
  }

  /** Payment ids go on from the highest stored, and are never reused while the mock runs. */
  protected nextPaymentId(): number {
    if (this.lastPaymentId === undefined) {
      this.lastPaymentId = 0
      for (const [, installation] of this.state.entries('installations')) {
        for (const { id } of installation.payments) {
          this.lastPaymentId = Math.max(this.lastPaymentId, id)
        }
      }
    }
    this.lastPaymentId += 1
    return this.lastPaymentId
  }

  protected put<C extends 'applications' | 'installations'>(
    collection: C,
    value: C extends 'applications' ? StoredApplication : StoredInstallation,
  ): Change {
    const key =
      collection === 'applications'
        ? String(value.application_id)
        : installationKey((value as StoredInstallation).location_id, value.application_id)
    return { op: 'put', collection, key, value }
  }
}
