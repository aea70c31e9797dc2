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

/** A URL with its user and password hidden, as the delivery journal shows it. */
export function maskCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@')
}

export function matches(filter: DeliveryFilter, delivery: Omit<Delivery, 'payload'>): boolean {
  return (
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

export function describeFilter(filter: DeliveryFilter): string {
  const parts = Object.entries(filter).filter(([, value]) => value !== undefined)
  return parts.length === 0 ? 'any filter' : JSON.stringify(Object.fromEntries(parts))
}
