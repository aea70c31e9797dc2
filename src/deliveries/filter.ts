import type { Delivery, DeliveryState } from '../schemas/delivery.js'
import { type DeliveryStatus, type ResourceInput, toResource } from '../schemas/event.js'

export interface DeliveryFilter {
  location_id?: number | undefined
  /** "salon" and "master" match company and staff deliveries; "application" lifecycle callbacks. */
  resource?: ResourceInput | 'application' | undefined
  status?: DeliveryStatus | undefined
  url?: string | undefined
  state?: DeliveryState | undefined
}

/** What a wait can also name: exactly these deliveries, or only those made after a point. */
export interface WaitFilter extends DeliveryFilter {
  /** Only these deliveries: the ids a trigger (or a lifecycle callback) answered. */
  delivery_ids?: number[] | undefined
  /** Only deliveries with a higher id: those made after the one a test last saw. */
  after_id?: number | undefined
  /** Only deliveries made at or after this time (ISO 8601, the mock's clock). */
  since?: string | undefined
}

/** A URL with its user and password hidden, as the delivery journal shows it. */
export function maskCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@')
}

export function matches(filter: WaitFilter, delivery: Omit<Delivery, 'payload'>): boolean {
  return (
    (filter.delivery_ids === undefined || filter.delivery_ids.includes(delivery.id)) &&
    (filter.after_id === undefined || delivery.id > filter.after_id) &&
    (filter.since === undefined || Date.parse(delivery.created_at) >= Date.parse(filter.since)) &&
    (filter.location_id === undefined || filter.location_id === delivery.location_id) &&
    (filter.resource === undefined ||
      (filter.resource === 'application' ? 'application' : toResource(filter.resource)) ===
        delivery.resource) &&
    (filter.status === undefined || filter.status === delivery.status) &&
    (filter.url === undefined ||
      filter.url === delivery.url ||
      filter.url === maskCredentials(delivery.url)) &&
    (filter.state === undefined || filter.state === delivery.state)
  )
}

export function describeFilter(filter: WaitFilter): string {
  const parts = Object.entries(filter).filter(([, value]) => value !== undefined)
  return parts.length === 0 ? 'any filter' : JSON.stringify(Object.fromEntries(parts))
}
