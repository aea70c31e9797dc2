import { DELIVERY_STATES } from './delivery.js'
import { DeliveryResourceName, DeliveryStatusSchema } from './event.js'
import { BACKENDS } from './hooks-settings/settings.js'
import { POSITIVE_ID } from './ids.js'
import { Id, IdString, rule, type Static, StringEnum, Type } from './typebox.js'

export const ControlLocationParams = Type.Object({
  location_id: IdString('The location id.', '/__mock/locations/123/settings'),
})

const State = (states: readonly (typeof DELIVERY_STATES)[number][]) =>
  StringEnum(states, {
    description: 'Where the delivery stands.',
    ...rule(`must be one of ${states.join(', ')}`),
  })

const filterFields = {
  location_id: Type.Optional(IdString('Only this location.', 'location_id=123')),
  resource: Type.Optional(DeliveryResourceName),
  status: Type.Optional(DeliveryStatusSchema),
  url: Type.Optional(Type.String({ description: 'Only deliveries to this URL.' })),
}

/** Paging of the list routes (query values arrive as text). */
export const MAX_PAGE = 1000
const paging = {
  limit: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,4}$',
      description: `How many entries at most (1 to ${MAX_PAGE}, default 100).`,
      ...rule(`must be an integer from 1 to ${MAX_PAGE}`),
    }),
  ),
  offset: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,9}$',
      description:
        'How many matching entries to skip (default 0): meta.next_offset of the last page.',
      ...rule('must be an integer from 0'),
    }),
  ),
}

/** GET /__mock/deliveries?... */
// A misspelt filter is refused, as in a body: ignored, it would answer everything.
export const DeliveryQuery = Type.Object(
  {
    ...filterFields,
    state: Type.Optional(State(DELIVERY_STATES)),
    ...paging,
  },
  { additionalProperties: false },
)

/** POST /__mock/deliveries/wait */
export const WaitBody = Type.Object(
  {
    location_id: Type.Optional(Id('Only this location.', 'the id of the location')),
    resource: filterFields.resource,
    status: filterFields.status,
    url: filterFields.url,
    state: Type.Optional(State(['delivered', 'failed'])),
    delivery_ids: Type.Optional(
      Type.Array(Id('A delivery id.', 'a delivery id'), {
        minItems: 1,
        maxItems: 10_000,
        uniqueItems: true,
        description:
          'Only these deliveries: the `delivery_ids` a trigger answered. `count` defaults to all of them.',
        ...rule('must be a list of 1 to 10000 distinct delivery ids, as a trigger answers them'),
      }),
    ),
    after_id: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description:
          'Only deliveries with a higher id: those made after the last one a test saw (0 for all).',
        ...rule('must be a delivery id (an integer from 0)'),
      }),
    ),
    since: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          "Only deliveries made at or after this time (ISO 8601 with an offset, on the mock's clock).",
        ...rule('must be an ISO 8601 date-time such as 2026-05-01T10:00:00Z'),
      }),
    ),
    count: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        description:
          'How many matching deliveries must finish (default 1, or every id in `delivery_ids`). It counts matching deliveries still in the journal, those that finished before the wait included.',
        ...rule('must be an integer from 1 to 10000'),
      }),
    ),
    timeout_ms: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 600_000,
        description: 'How long to wait at most (default 10000).',
        ...rule('must be an integer from 0 to 600000'),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...rule(
      'must be a JSON object of filters, e.g. {"location_id": 123, "count": 2, "timeout_ms": 5000}',
    ),
  },
)

export const DeliveryIdParams = Type.Object({
  id: Type.String({
    pattern: POSITIVE_ID.source,
    ...rule('must be a delivery id, a positive integer'),
  }),
})

/** GET /__mock/requests?... */
export const RequestQuery = Type.Object(
  {
    location_id: filterFields.location_id,
    method: Type.Optional(
      StringEnum(['GET', 'POST', 'get', 'post'], { ...rule('must be GET or POST') }),
    ),
    status_code: Type.Optional(
      Type.String({
        pattern: '^[1-5][0-9]{2}$',
        ...rule('must be an HTTP status code such as 201'),
      }),
    ),
    ...paging,
  },
  { additionalProperties: false },
)

/** PUT /__mock/locations/{id}/options: how the mock behaves for one location. */
export const LocationOptionsBody = Type.Object(
  {
    backend: Type.Optional(
      StringEnum(BACKENDS, {
        description:
          'current: GET answers url_settings and company_id; legacy: as older backends, without url_settings, good, schedule, self_sending, company_id.',
        ...rule(`must be one of ${BACKENDS.join(', ')}`),
      }),
    ),
    duplicate_probability: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'Send this share of deliveries twice (drawn from --seed).',
        ...rule('must be a number from 0 to 1, e.g. 0.2'),
      }),
    ),
    duplicate_every: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1_000_000,
        description: "Send every Nth of the location's deliveries twice; 0: never.",
        ...rule('must be an integer from 0 to 1000000'),
      }),
    ),
    reorder: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100,
        description:
          'Hold up to N deliveries per URL (or 100 ms) and send them shuffled; 0: in order.',
        ...rule('must be an integer from 0 to 100'),
      }),
    ),
    delivery_delay_ms: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 3_600_000,
        description: 'Wait before each delivery of this location (instead of --delivery-delay-ms).',
        ...rule('must be an integer from 0 to 3600000'),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...rule(
      'must be an object such as {"backend": "legacy"} or {"duplicate_probability": 0.5, "reorder": 5}',
    ),
  },
)
export type LocationOptionsBody = Static<typeof LocationOptionsBody>
