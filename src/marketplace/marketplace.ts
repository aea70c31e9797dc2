import type { DeliveryDispatcher } from '../deliveries/dispatcher.js'
import type { LifecycleEvent } from '../schemas/event.js'
import {
  type ApplicationInput,
  type InstallationStatus,
  installationKey,
  MAX_APPLICATIONS,
  MAX_INSTALLATIONS,
  MAX_LOGS,
  MAX_PAYMENTS,
  type Payment,
  type StoredApplication,
  type StoredInstallation,
} from '../schemas/marketplace.js'
import type { CallbackBody, GrantUser, PaymentBody } from '../schemas/marketplace-api.js'
import type { Change } from '../store/collections.js'
import type { Store } from '../store/store.js'
import { registrationUrl, toStoredApplication } from './applications.js'
import { installUrls, removeUrls } from './installer.js'
import { lifecyclePayload } from './lifecycle.js'
import { type Action, transition } from './state-machine.js'
import { wireTime } from './time.js'

/**
 * Why the marketplace refuses a request: no such application, no such
 * installation, a transition the state machine forbids, or a bound. Routes
 * turn it into their envelope; in code its message says what to do.
 */
export class MarketplaceRefusal extends Error {
  override name = 'MarketplaceRefusal'
  constructor(
    readonly kind: 'application' | 'installation' | 'transition' | 'bound',
    /** The request field it concerns, for a 422's meta.errors. */
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

/** A lifecycle callback as it was handed to the delivery engine. */
export interface Callback {
  delivery_id: number | null
  skipped: string | null
  payload: Record<string, unknown>
}

/**
 * The marketplace's state: applications, and each application's installation
 * at each location, kept in the store with the same guarantees as settings.
 * Every change is one commit (the installation and the location's settings
 * together), made durable before any callback goes out. Changes run one at a
 * time, so two requests never decide from the same state.
 */
export class Marketplace {
  readonly #store: Store
  readonly #deliveries: DeliveryDispatcher
  readonly #now: () => Date
  /** Registered at start (--applications, or in code), and again by a global reset. */
  readonly #startApplications: StoredApplication[]
  #queue: Promise<unknown> = Promise.resolve()
  #lastPaymentId: number | undefined

  constructor(
    store: Store,
    deliveries: DeliveryDispatcher,
    now: () => Date,
    startApplications: ApplicationInput[] = [],
  ) {
    this.#store = store
    this.#deliveries = deliveries
    this.#now = now
    this.#startApplications = startApplications.map(toStoredApplication)
  }

  /** Registers the start applications over what the data file holds. */
  async start(): Promise<void> {
    if (this.#startApplications.length > 0) await this.register(this.#startApplications)
  }

  get now(): Date {
    return this.#now()
  }

  application(id: number): StoredApplication | undefined {
    return this.#store.get('applications', String(id))
  }

  applications(): StoredApplication[] {
    return Array.from(this.#store.entries('applications'), ([, application]) => application)
  }

  installation(locationId: number, applicationId: number): StoredInstallation | undefined {
    return this.#store.get('installations', installationKey(locationId, applicationId))
  }

  /** An application's installations, in the order they were first stored. */
  installationsOf(applicationId: number): StoredInstallation[] {
    const found: StoredInstallation[] = []
    for (const [, installation] of this.#store.entries('installations')) {
      if (installation.application_id === applicationId) found.push(installation)
    }
    return found
  }

  /** Registers applications, replacing those with the same ids. */
  register(inputs: ApplicationInput[]): Promise<StoredApplication[]> {
    return this.#serial(async () => {
      const stored = inputs.map(toStoredApplication)
      const added = stored.filter((app) => !this.application(app.application_id)).length
      if (this.#store.size('applications') + added > MAX_APPLICATIONS) {
        throw new MarketplaceRefusal(
          'bound',
          'application_id',
          `the mock keeps at most ${MAX_APPLICATIONS} applications: remove some first (DELETE /__mock/applications/{id}).`,
        )
      }
      await this.#store.commit(stored.map((app) => this.#put('applications', app)))
      return stored
    })
  }

  /** Forgets an application, its installations and the URLs they installed; sends nothing. */
  unregister(applicationId: number): Promise<boolean> {
    return this.#serial(async () => {
      if (!this.application(applicationId)) return false
      const changes: Change[] = [
        { op: 'delete', collection: 'applications', key: String(applicationId) },
      ]
      for (const installation of this.installationsOf(applicationId)) {
        changes.push(...this.#removeUrls(installation))
        changes.push({
          op: 'delete',
          collection: 'installations',
          key: installationKey(installation.location_id, applicationId),
        })
      }
      await this.#store.commit(changes)
      return true
    })
  }

  /** The owner connects the application: a pending installation and the registration URL. */
  grant(locationId: number, applicationId: number, user?: GrantUser) {
    return this.#serial(async () => {
      const application = this.#application(applicationId)
      const { installation, status } = this.#step(locationId, applicationId, 'grant')
      const now = this.#now()
      const redirect_url = registrationUrl(application, locationId, user)
      const next = logged(
        { ...installation, created_at: wireTime(now), granted_at_ms: now.getTime(), redirect_url },
        status,
        'marketplace',
        now,
      )
      await this.#store.commit([this.#put('installations', next)])
      return { installation: next, redirect_url }
    })
  }

  /** The partner callback: activates a pending installation and installs its webhook URLs. */
  activate(body: CallbackBody): Promise<StoredInstallation> {
    const { salon_id: locationId, application_id: applicationId } = body
    return this.#serial(async () => {
      const application = this.#application(applicationId)
      const { installation, status } = this.#step(locationId, applicationId, 'activate')
      const urls = body.webhook_urls ?? []
      const merged = installUrls(
        this.#store.get('locations', String(locationId)),
        urls,
        application.webhook_entities,
      )
      if ('refused' in merged) throw new MarketplaceRefusal('bound', 'webhook_urls', merged.refused)
      const next = logged(
        {
          ...installation,
          webhook_urls: urls,
          api_key: body.api_key === undefined ? null : String(body.api_key),
          chat_url: body.chat_url ?? null,
        },
        status,
        'partner_api',
        this.#now(),
      )
      const changes = [this.#put('installations', next)]
      if (urls.length > 0) {
        changes.push({
          op: 'put',
          collection: 'locations',
          key: String(locationId),
          value: merged.settings,
        })
      }
      await this.#store.commit(changes)
      return next
    })
  }

  /** Uninstalls (partner or owner): the URLs go, then the uninstall callback. */
  uninstall(locationId: number, applicationId: number, source: string) {
    return this.#serial(async () => {
      const application = this.#application(applicationId)
      const { installation, status } = this.#step(locationId, applicationId, 'uninstall')
      const next = logged({ ...installation, webhook_urls: [] }, status, source, this.#now())
      await this.#store.commit([
        ...this.#removeUrls(installation),
        this.#put('installations', next),
      ])
      return { installation: next, callback: this.#callback(application, locationId, 'uninstall') }
    })
  }

  /** The paid period ran out: active becomes freezed, then the freeze callback. */
  freeze(locationId: number, applicationId: number) {
    return this.#serial(async () => {
      const application = this.#application(applicationId)
      const { installation, status } = this.#step(locationId, applicationId, 'freeze')
      const next = logged(installation, status, 'billing', this.#now())
      await this.#store.commit([this.#put('installations', next)])
      return { installation: next, callback: this.#callback(application, locationId, 'freeze') }
    })
  }

  /**
   * Records a payment; a frozen installation becomes active again. `payload`
   * builds the payment callback to send, when the payment is the platform's.
   */
  pay(
    body: Omit<PaymentBody, 'salon_id' | 'application_id'>,
    locationId: number,
    applicationId: number,
    source: 'partner_api' | 'billing',
    payload?: (application: StoredApplication, payment: Payment) => Record<string, unknown>,
  ) {
    return this.#serial(async () => {
      const application = this.#application(applicationId)
      const { installation, status } = this.#step(locationId, applicationId, 'pay')
      if (installation.payments.length >= MAX_PAYMENTS) {
        throw new MarketplaceRefusal(
          'bound',
          'salon_id',
          `the mock keeps at most ${MAX_PAYMENTS} payments per installation: reset the location first (DELETE /__mock/locations/${locationId}).`,
        )
      }
      const payment: Payment = { id: this.#nextPaymentId(), ...body, is_refunded: false, source }
      let next = { ...installation, payments: [...installation.payments, payment] }
      if (status !== installation.status) next = logged(next, status, 'billing', this.#now())
      await this.#store.commit([this.#put('installations', next)])
      const callback = payload && this.#send(application, locationId, payload(application, payment))
      return { installation: next, payment, callback }
    })
  }

  /** The installation that holds payment `id`, and the payment. */
  findPayment(id: number): { installation: StoredInstallation; payment: Payment } | undefined {
    for (const [, installation] of this.#store.entries('installations')) {
      const payment = installation.payments.find((p) => p.id === id)
      if (payment) return { installation, payment }
    }
    return undefined
  }

  /** Marks a payment refunded; the status stays as it is (contract U11). */
  refund(id: number): Promise<Payment> {
    return this.#serial(async () => {
      const found = this.findPayment(id)
      if (!found) {
        throw new MarketplaceRefusal('transition', 'payment_id', `there is no payment ${id}.`)
      }
      if (found.payment.is_refunded) {
        throw new MarketplaceRefusal(
          'transition',
          'payment_id',
          `payment ${id} is already refunded.`,
        )
      }
      const payment = { ...found.payment, is_refunded: true }
      const payments = found.installation.payments.map((p) => (p.id === id ? payment : p))
      await this.#store.commit([this.#put('installations', { ...found.installation, payments })])
      return payment
    })
  }

  /** Sets a discount for the application at each location (kept with its installation). */
  addDiscount(locationIds: number[], applicationId: number, discount: number): Promise<void> {
    return this.#serial(async () => {
      this.#application(applicationId)
      const changes = locationIds.map((locationId, index) =>
        this.#put('installations', {
          ...this.#installationOrNew(locationId, applicationId, index),
          discount,
        }),
      )
      await this.#store.commit(changes)
    })
  }

  /**
   * What a reset commits besides the location's own state: its installations;
   * after a global clear, the start applications again.
   */
  resetChanges(locationId?: number): Change[] {
    if (locationId === undefined) {
      return this.#startApplications.map((app) => this.#put('applications', app))
    }
    const prefix = `${locationId}:`
    return Array.from(this.#store.entries('installations'))
      .filter(([key]) => key.startsWith(prefix))
      .map(([key]) => ({ op: 'delete', collection: 'installations', key }))
  }

  /** Runs changes one at a time: each decides from the state the previous one left. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work)
    this.#queue = run.catch(() => {})
    return run
  }

  #application(id: number): StoredApplication {
    const application = this.application(id)
    if (application) return application
    throw new MarketplaceRefusal(
      'application',
      'application_id',
      `application ${id} is not registered with the mock: register it first (POST /__mock/applications, --applications, or mock.marketplace.register()).`,
    )
  }

  /** The installation and the status `action` takes it to; refused as the state machine says. */
  #step(locationId: number, applicationId: number, action: Action) {
    const installation = this.#installationOrNew(locationId, applicationId, 0)
    const pendingForMs =
      installation.granted_at_ms === null
        ? null
        : this.#now().getTime() - installation.granted_at_ms
    const result = transition(
      { locationId, applicationId, status: installation.status, pendingForMs },
      action,
    )
    if (result.ok) return { installation, status: result.to }
    const kind =
      installation.status === 'uninstalled' && action !== 'activate' ? 'installation' : 'transition'
    throw new MarketplaceRefusal(kind, 'salon_id', result.reason)
  }

  /** The stored installation, or a new uninstalled one while the bound allows `adding` more. */
  #installationOrNew(
    locationId: number,
    applicationId: number,
    adding: number,
  ): StoredInstallation {
    const stored = this.installation(locationId, applicationId)
    if (stored) return stored
    if (this.#store.size('installations') + adding >= MAX_INSTALLATIONS) {
      throw new MarketplaceRefusal(
        'bound',
        'salon_id',
        `the mock keeps at most ${MAX_INSTALLATIONS} installations: reset some locations first.`,
      )
    }
    return {
      location_id: locationId,
      application_id: applicationId,
      status: 'uninstalled',
      created_at: null,
      granted_at_ms: null,
      redirect_url: null,
      webhook_urls: [],
      api_key: null,
      chat_url: null,
      discount: null,
      logs: [],
      logs_dropped: 0,
      payments: [],
    }
  }

  /** The location's settings without the URLs `installation` installed. */
  #removeUrls(installation: StoredInstallation): Change[] {
    if (installation.webhook_urls.length === 0) return []
    const key = String(installation.location_id)
    const left = removeUrls(this.#store.get('locations', key), installation.webhook_urls)
    if (left) return [{ op: 'put', collection: 'locations', key, value: left }]
    return this.#store.get('locations', key) ? [{ op: 'delete', collection: 'locations', key }] : []
  }

  #callback(application: StoredApplication, locationId: number, event: LifecycleEvent): Callback {
    return this.#send(application, locationId, lifecyclePayload(application, locationId, event))
  }

  /** Hands a callback to the delivery engine: gated by nothing, retried, journaled. */
  #send(application: StoredApplication, locationId: number, payload: Record<string, unknown>) {
    const url = application.callback_url
    if (!url) {
      const skipped = `application ${application.application_id} has no callback_url: nothing was sent.`
      return { delivery_id: null, skipped, payload }
    }
    const event = payload.event as LifecycleEvent
    const sent = this.#deliveries.sendLifecycle(
      locationId,
      url,
      { status: event, application_id: application.application_id },
      JSON.stringify(payload),
    )
    return { ...sent, payload }
  }

  /** Payment ids go on from the highest stored, and are never reused while the mock runs. */
  #nextPaymentId(): number {
    if (this.#lastPaymentId === undefined) {
      this.#lastPaymentId = 0
      for (const [, installation] of this.#store.entries('installations')) {
        for (const { id } of installation.payments) {
          this.#lastPaymentId = Math.max(this.#lastPaymentId, id)
        }
      }
    }
    this.#lastPaymentId += 1
    return this.#lastPaymentId
  }

  #put<C extends 'applications' | 'installations'>(
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

/** The installation at `to`, its transition logged (the oldest entries go past the bound). */
function logged(
  installation: StoredInstallation,
  to: InstallationStatus,
  source: string,
  at: Date,
): StoredInstallation {
  const entry = {
    changed_at: wireTime(at),
    status_from: installation.status,
    status_to: to,
    source,
  }
  const logs = [...installation.logs, entry]
  const over = Math.max(0, logs.length - MAX_LOGS)
  return {
    ...installation,
    status: to,
    logs: logs.slice(over),
    logs_dropped: installation.logs_dropped + over,
  }
}
