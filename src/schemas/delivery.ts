import {
  DeliveryResourceSchema,
  DeliveryStatusSchema,
  EventStatusSchema,
  ResourceSchema,
  WebhookPayload,
} from './event.js'
import { type Static, StringEnum, Type } from './typebox.js'

export const DELIVERY_STATES = ['scheduled', 'sending', 'retrying', 'delivered', 'failed'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

export const DeliveryStateSchema = StringEnum(DELIVERY_STATES, {
  description: 'Where the delivery stands: scheduled, sending, retrying, then delivered or failed.',
})

export const Attempt = Type.Object({
  attempt: Type.Integer({ minimum: 1, description: '1 for the first attempt.' }),
  started_at: Type.String({ format: 'date-time' }),
  duration_ms: Type.Number({ minimum: 0 }),
  status_code: Type.Union([Type.Integer(), Type.Null()], {
    description: "The receiver's HTTP status, or null when the attempt failed in transport.",
  }),
  error: Type.Union([Type.String(), Type.Null()], {
    description: 'What went wrong in transport (refused, timeout, ...), or null.',
  }),
})
export type Attempt = Static<typeof Attempt>

/** One event's way to one URL, with every attempt. */
export const Delivery = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    location_id: Type.Integer({ minimum: 1 }),
    url: Type.String({ description: 'The receiving URL.' }),
    resource: DeliveryResourceSchema,
    status: DeliveryStatusSchema,
    resource_id: Type.Integer({
      minimum: 1,
      description: 'The entity that changed; for lifecycle callbacks the application id.',
    }),
    self_caused: Type.Boolean(),
    duplicate_of: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The delivery this one repeats (a duplicate the mock sent on purpose), or null.',
    }),
    redelivery_of: Type.Union([Type.Integer(), Type.Null()], {
      description:
        'The delivery this one sends again (POST /__mock/deliveries/{id}/redeliver), or null.',
    }),
    payload: Type.Union([WebhookPayload, Type.Record(Type.String(), Type.Unknown())], {
      description: "The JSON sent: a webhook, or an application's lifecycle callback.",
    }),
    state: DeliveryStateSchema,
    attempts: Type.Array(Attempt),
    created_at: Type.String({ format: 'date-time' }),
    finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { description: 'A webhook delivery: the payload, where it stands, and every attempt.' },
)
export type Delivery = Static<typeof Delivery>

export const SkippedUrl = Type.Object({
  url: Type.String(),
  reason: Type.String({ description: "Why this URL's own flags hold the event back." }),
})

export const TriggeredEvent = Type.Object({
  resource: ResourceSchema,
  status: EventStatusSchema,
  resource_id: Type.Integer({ minimum: 1 }),
  delivery_ids: Type.Array(Type.Integer(), { description: 'One per URL that will receive it.' }),
  skipped: Type.Union([Type.String(), Type.Null()], {
    description: 'Why it goes to no URL at all (gating, or a full queue), else null.',
  }),
  skipped_urls: Type.Array(SkippedUrl, {
    description: 'URLs whose own flags hold this event back while others receive it.',
  }),
})
export type TriggeredEvent = Static<typeof TriggeredEvent>

export const TriggerResult = Type.Object({
  delivery_ids: Type.Array(Type.Integer(), { description: 'Every delivery the events produced.' }),
  events: Type.Array(TriggeredEvent),
})
export type TriggerResult = Static<typeof TriggerResult>
