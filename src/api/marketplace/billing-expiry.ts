import type { DueWork } from '../../clock/clock-control.js'
import type { StoredInstallation } from '../../schemas/marketplace/installation.js'
import type { Store } from '../../store/store.js'
import type { Marketplace } from './marketplace.js'

/** A wire time ("YYYY-MM-DD HH:MM:SS", UTC) in ms. */
const wireMs = (time: string) => Date.parse(`${time.replace(' ', 'T')}Z`)

/**
 * Where an installation's paid time ends: the latest `period_to` of its
 * payments not refunded; undefined when none pays for it (the mock's choice,
 * docs/marketplace-contract.md U18: an installation never paid does not expire).
 */
export function paidUntil(installation: StoredInstallation): number | undefined {
  let until: number | undefined
  for (const payment of installation.payments) {
    if (payment.is_refunded) continue
    const end = wireMs(payment.period_to)
    if (until === undefined || end > until) until = end
  }
  return until
}

/**
 * The platform's billing as the clock moves: an active installation whose
 * paid period has ended freezes by itself (logged `billing`, its freeze
 * callback sent), at the time the period ended. Only a move of the clock
 * (an advance) runs it.
 */
export class BillingExpiry implements DueWork {
  readonly #store: Store
  readonly #marketplace: Marketplace
  /** Installations a freeze failed for, by key and period end: not tried again for that period. */
  readonly #failed = new Set<string>()

  constructor(store: Store, marketplace: Marketplace) {
    this.#store = store
    this.#marketplace = marketplace
  }

  nextDue(untilMs: number): number | undefined {
    let next: number | undefined
    for (const [key, , until] of this.#due(untilMs)) {
      if (this.#failed.has(`${key}@${until}`)) continue
      if (next === undefined || until < next) next = until
    }
    return next
  }

  async fire(atMs: number): Promise<void> {
    // Collected first: each freeze writes the collection being read.
    for (const [key, { location_id, application_id }, until] of [...this.#due(atMs)]) {
      if (this.#failed.has(`${key}@${until}`)) continue
      try {
        await this.#marketplace.freeze(location_id, application_id)
      } catch {
        // Unregistered or changed meanwhile: the state machine said no; leave it be.
        this.#failed.add(`${key}@${until}`)
      }
    }
  }

  /** Active installations whose paid time ends at `untilMs` or before. */
  *#due(untilMs: number): Generator<[string, StoredInstallation, number]> {
    for (const [key, installation] of this.#store.latest.entries('installations')) {
      if (installation.status !== 'active') continue
      const until = paidUntil(installation)
      if (until !== undefined && until <= untilMs) yield [key, installation, until]
    }
  }
}
