import {
  type EventStatus,
  type Resource,
  type ResourceInput,
  toResource,
  type WebhookPayload,
} from '../schemas/event.js'

export const DELIVERY_STATES = ['scheduled', 'sending', 'retrying', 'delivered', 'failed'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]
/** States after which nothing more happens to a delivery. */
export const FINISHED_STATES: readonly DeliveryState[] = ['delivered', 'failed']

export interface Attempt {
  attempt: number
  started_at: string
  duration_ms: number
  /** The receiver's HTTP status, or null when the attempt failed in transport. */
  status_code: number | null
  /** What went wrong in transport (refused, timeout, ...), or null. */
  error: string | null
}

/** One event's way to one URL, with every attempt. */
export interface Delivery {
  id: number
  location_id: number
  url: string
  resource: Resource
  status: EventStatus
  resource_id: number
  self_caused: boolean
  payload: WebhookPayload
  state: DeliveryState
  attempts: Attempt[]
  created_at: string
  finished_at: string | null
}

/**
 * A delivery as the dispatcher keeps it: the payload only as the JSON it
 * sends. Thousands may be pending; as object graphs they made every young
 * collection copy them (10 ms scavenges under load), as strings they cost
 * nothing to keep. `toDelivery` parses when someone asks.
 */
export type DeliveryRecord = Omit<Delivery, 'payload'> & { body: string }

export function toDelivery({ body, ...record }: DeliveryRecord): Delivery {
  const { attempts, ...rest } = record
  return {
    ...rest,
    payload: JSON.parse(body),
    attempts: attempts.map((a) => ({ ...a })),
  } as Delivery
}

export interface DeliveryFilter {
  location_id?: number | undefined
  /** "salon" and "master" match company and staff deliveries. */
  resource?: ResourceInput | undefined
  status?: EventStatus | undefined
  url?: string | undefined
  state?: DeliveryState | undefined
}

export function matches(filter: DeliveryFilter, delivery: Omit<Delivery, 'payload'>): boolean {
  return (
    (filter.location_id === undefined || filter.location_id === delivery.location_id) &&
    (filter.resource === undefined || toResource(filter.resource) === delivery.resource) &&
    (filter.status === undefined || filter.status === delivery.status) &&
    (filter.url === undefined || filter.url === delivery.url) &&
    (filter.state === undefined || filter.state === delivery.state)
  )
}

export interface TriggeredEvent {
  resource: Resource
  status: EventStatus
  resource_id: number
  /** One per URL that will receive it. */
  delivery_ids: number[]
  /** Why nothing is sent (gating, or a full queue), else null. */
  skipped: string | null
}

export interface TriggerResult {
  delivery_ids: number[]
  events: TriggeredEvent[]
}
