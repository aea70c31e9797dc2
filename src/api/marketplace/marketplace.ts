import {
  type AppCategory,
  type ApplicationInput,
  CHANNEL_CATEGORIES,
  categoryOf,
  MAX_APPLICATIONS,
  SENDER_CATEGORIES,
  type StoredApplication,
} from '../../schemas/marketplace/application.js'
import type { PaymentBody } from '../../schemas/marketplace/billing-routes.js'
import type { CallbackPayload } from '../../schemas/marketplace/control-routes.js'
import type { GrantUser } from '../../schemas/marketplace/grant-routes.js'
import {
  type ActivationRoute,
  installationKey,
  MAX_PAYMENTS,
  type Payment,
  type StoredInstallation,
} from '../../schemas/marketplace/installation.js'
import type { CallbackBody } from '../../schemas/marketplace/installation-routes.js'
import type { ChannelSlug } from '../../schemas/marketplace/values.js'
import type { Change } from '../../store/collections.js'
import { registrationUrl, toStoredApplication } from './applications.js'
import { logged, MarketplaceRefusal } from './installation.js'
import { installUrls } from './installer.js'
import { MarketplaceBase } from './marketplace-base.js'
import { wireTime } from './time.js'

export { type Callback, MarketplaceRefusal } from './installation.js'

/**
 * The marketplace's state: applications, and each application's installation
 * at each location, kept in the store with the same guarantees as settings.
 * Every change is one commit (the installation and the location's settings
 * together), made durable before any callback goes out. Changes run one at a
 * time, so two requests never decide from the same state.
 */
export class Marketplace extends MarketplaceBase {
  /** Registers the start applications over what the data file holds. */
  async start(): Promise<void> {
    if (this.startApplications.length > 0) await this.register(this.startApplications)
  }

  /** Registers applications, replacing those with the same ids. */
  register(inputs: ApplicationInput[]): Promise<StoredApplication[]> {
    return this.serial(async () => {
      const stored = inputs.map(toStoredApplication)
      const added = stored.filter((app) => !this.application(app.application_id)).length
      if (this.state.size('applications') + added > MAX_APPLICATIONS) {
        throw new MarketplaceRefusal(
          'bound',
          'application_id',
          `the mock keeps at most ${MAX_APPLICATIONS} applications: remove some first (DELETE /__mock/applications/{id}).`,
        )
      }
      await this.store.commit(stored.map((app) => this.put('applications', app)))
      return stored
    })
  }

  /** Forgets an application, its installations and the URLs they installed; sends nothing. */
  unregister(applicationId: number): Promise<boolean> {
    return this.serial(async () => {
      if (!this.application(applicationId)) return false
      const changes: Change[] = [
        { op: 'delete', collection: 'applications', key: String(applicationId) },
      ]
      for (const installation of this.installationsOf(applicationId)) {
        changes.push(...this.removeUrls(installation))
        changes.push({
          op: 'delete',
          collection: 'installations',
          key: installationKey(installation.location_id, applicationId),
        })
      }
      await this.store.commit(changes)
      return true
    })
  }

  /** The owner connects the application: a pending installation and the registration URL. */
  grant(locationId: number, applicationId: number, user?: GrantUser) {
    return this.serial(async () => {
      const application = this.requireApplication(applicationId)
      const { installation, status } = this.step(locationId, applicationId, 'grant')
      const now = this.clock()
      const redirect_url = registrationUrl(application, locationId, user, this.salonName)
      const next = logged(
        { ...installation, created_at: wireTime(now), granted_at_ms: now.getTime(), redirect_url },
        status,
        'marketplace',
        now,
      )
      await this.store.commit([this.put('installations', next)])
      this.noteTransition('grant', installation.status, next, 'marketplace')
      return { installation: next, redirect_url }
    })
  }

  /**
   * The partner callback (or its redirect form): activates a pending
   * installation and installs its webhook URLs.
   */
  activate(body: CallbackBody, via: ActivationRoute = 'callback'): Promise<StoredInstallation> {
    const { salon_id: locationId, application_id: applicationId } = body
    return this.serial(async () => {
      const application = this.requireApplication(applicationId)
      const { installation, status } = this.step(locationId, applicationId, 'activate')
      const urls = body.webhook_urls ?? []
      const merged = installUrls(
        this.state.get('locations', String(locationId)),
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
          channels: body.channels ?? [],
          activated_via: via,
        },
        status,
        'partner_api',
        this.clock(),
      )
      const changes = [this.put('installations', next)]
      if (urls.length > 0) {
        changes.push({
          op: 'put',
          collection: 'locations',
          key: String(locationId),
          value: merged.settings,
        })
      }
      await this.store.commit(changes)
      this.noteTransition('activate', installation.status, next, 'partner_api')
      return next
    })
  }

  /** Uninstalls (partner or owner): the URLs go, then the uninstall callback. */
  uninstall(locationId: number, applicationId: number, source: string) {
    return this.serial(async () => {
      const application = this.requireApplication(applicationId)
      const { installation, status } = this.step(locationId, applicationId, 'uninstall')
      // The location's settings of the app go with it (KB-DISABLE): URLs, channels, sender names.
      const cleared = { ...installation, webhook_urls: [], channels: [], short_names: null }
      const next = logged(cleared, status, source, this.clock())
      await this.store.commit([...this.removeUrls(installation), this.put('installations', next)])
      this.noteTransition('uninstall', installation.status, next, source)
      return { installation: next, callback: this.callback(application, locationId, 'uninstall') }
    })
  }

  /** The paid period ran out: active becomes freezed, then the freeze callback. */
  freeze(locationId: number, applicationId: number) {
    return this.serial(async () => {
      const application = this.requireApplication(applicationId)
      const { installation, status } = this.step(locationId, applicationId, 'freeze')
      const next = logged(installation, status, 'billing', this.clock())
      await this.store.commit([this.put('installations', next)])
      this.noteTransition('freeze', installation.status, next, 'billing')
      return { installation: next, callback: this.callback(application, locationId, 'freeze') }
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
    payload?: (application: StoredApplication, payment: Payment) => CallbackPayload,
  ) {
    return this.serial(async () => {
      // Wire times compare as text: "YYYY-MM-DD HH:MM:SS" orders as time does.
      if (body.period_to < body.period_from) {
        throw new MarketplaceRefusal(
          'value',
          'period_to',
          `period_to is before period_from ("${body.period_to}" < "${body.period_from}"): the paid period must end at or after its start.`,
        )
      }
      const application = this.requireApplication(applicationId)
      const { installation, status } = this.step(locationId, applicationId, 'pay')
      if (installation.payments.length >= MAX_PAYMENTS) {
        throw new MarketplaceRefusal(
          'bound',
          'salon_id',
          `the mock keeps at most ${MAX_PAYMENTS} payments per installation: reset the location first (DELETE /__mock/locations/${locationId}).`,
        )
      }
      const payment: Payment = { id: this.nextPaymentId(), ...body, is_refunded: false, source }
      let next = { ...installation, payments: [...installation.payments, payment] }
      if (status !== installation.status) next = logged(next, status, 'billing', this.clock())
      await this.store.commit([this.put('installations', next)])
      this.noteTransition('pay', installation.status, next, source)
      const callback = payload && this.send(application, locationId, payload(application, payment))
      return { installation: next, payment, callback }
    })
  }

  /** The SMS sender names the partner offers the location: the whole list, replaced. */
  setShortNames(locationId: number, applicationId: number, names: string[]) {
    return this.serial(async () => {
      const installation = this.installedFor(locationId, applicationId, SENDER_CATEGORIES)
      const next = { ...installation, short_names: names }
      await this.store.commit([this.put('installations', next)])
      return next
    })
  }

  /** A notification channel offered to the location, or withdrawn. */
  updateChannel(
    locationId: number,
    applicationId: number,
    channel: ChannelSlug,
    available: boolean,
  ) {
    return this.serial(async () => {
      const installation = this.installedFor(locationId, applicationId, CHANNEL_CATEGORIES)
      const others = (installation.channels ?? []).filter((slug) => slug !== channel)
      const next = { ...installation, channels: available ? [...others, channel] : others }
      await this.store.commit([this.put('installations', next)])
      return next
    })
  }

  /**
   * The active or frozen installation of an application of one of
   * `categories`: what the channel routes change (marketplace contract, section 11).
   */
  private installedFor(
    locationId: number,
    applicationId: number,
    categories: readonly AppCategory[],
  ): StoredInstallation {
    const application = this.requireApplication(applicationId)
    const category = categoryOf(application)
    if (!categories.includes(category)) {
      throw new MarketplaceRefusal(
        'value',
        'application_id',
        `application ${applicationId} is in category ${category}: only ${categories.join(' and ')} applications may use this route (register it with "category": "${categories[0]}").`,
      )
    }
    const installation = this.installation(locationId, applicationId)
    if (installation?.status !== 'active' && installation?.status !== 'freezed') {
      throw new MarketplaceRefusal(
        'transition',
        'salon_id',
        `application ${applicationId} is not active at location ${locationId}${installation ? ` (it is ${installation.status})` : ''}: the partner callback activates it first (POST /marketplace/partner/callback).`,
      )
    }
    return installation
  }

  /** The installation that holds payment `id`, and the payment. */
  findPayment(id: number): { installation: StoredInstallation; payment: Payment } | undefined {
    for (const [, installation] of this.state.entries('installations')) {
      const payment = installation.payments.find((p) => p.id === id)
      if (payment) return { installation, payment }
    }
    return undefined
  }

  /** Marks a payment refunded; the status stays as it is (marketplace contract, U11). */
  refund(id: number): Promise<Payment> {
    return this.serial(async () => {
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
      await this.store.commit([this.put('installations', { ...found.installation, payments })])
      return payment
    })
  }

  /**
   * Sets a discount for the application at each location that has its
   * installation (kept with it); resolves with the locations that have none,
   * left alone: a record per id would fill the installation bound.
   */
  addDiscount(locationIds: number[], applicationId: number, discount: number): Promise<number[]> {
    return this.serial(async () => {
      this.requireApplication(applicationId)
      const changes: Change[] = []
      const ignored: number[] = []
      for (const locationId of locationIds) {
        const installation = this.installation(locationId, applicationId)
        if (installation) changes.push(this.put('installations', { ...installation, discount }))
        else ignored.push(locationId)
      }
      if (changes.length > 0) await this.store.commit(changes)
      return ignored
    })
  }

  /**
   * What a reset commits besides the location's own state: its installations;
   * after a global clear, the start applications again.
   */
  resetChanges(locationId?: number): Change[] {
    if (locationId === undefined) {
      return this.startApplications.map((app) => this.put('applications', app))
    }
    const prefix = `${locationId}:`
    return Array.from(this.state.entries('installations'))
      .filter(([key]) => key.startsWith(prefix))
      .map(([key]) => ({ op: 'delete', collection: 'installations', key }))
  }
}
