import { WebhookUrl } from './hooks-settings/settings.js'
import { Id, rule, StringEnum, Type } from './typebox.js'

const NAME_RULE =
  'must be 1 to 64 letters, digits, ".", "_" or "-", e.g. "seeded" (a snapshot\'s name)'

/** A snapshot's name: letters, digits, `.`, `_`, `-`, so it goes in a path as it is. */
export const SnapshotName = Type.String({
  pattern: '^[A-Za-z0-9._-]{1,64}$',
  description: 'The snapshot\'s name, e.g. "seeded".',
  ...rule(NAME_RULE),
})

/** POST /__mock/snapshots */
export const SnapshotBody = Type.Object(
  { name: SnapshotName },
  {
    additionalProperties: false,
    ...rule('must be a JSON object with the snapshot\'s name, e.g. {"name": "seeded"}'),
  },
)

export const SnapshotParams = Type.Object({ name: SnapshotName })

export const SnapshotSummary = Type.Object(
  {
    name: SnapshotName,
    created_at: Type.String({ format: 'date-time' }),
    bytes: Type.Integer({ description: 'The snapshot as JSON: what the bound counts.' }),
    entries: Type.Record(Type.String(), Type.Integer(), {
      description:
        'Entries it holds: by store collection (locations, applications, installations, ...) and location_options, faults.',
    }),
  },
  { description: 'A snapshot of the whole state, kept in memory.' },
)

/** GET and PUT /__mock/state: the data file's document. */
export const StateDocument = Type.Object(
  {
    version: Type.Optional(Type.Literal(1, { description: 'The format; left out, 1.' })),
    locations: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Settings by location id, as the data file holds them.',
    }),
    applications: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    installations: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  {
    additionalProperties: true,
    description:
      "The mock's stored state: the data file's format, checked on PUT as the data file is at start.",
  },
)

/** POST /__mock/deliveries/{id}/redeliver */
export const RedeliverBody = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    data: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'The payload to send instead of the original one, whole.',
        ...rule('must be a JSON object: the payload to send instead'),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...rule(
      'must be a JSON object with "url" (where to send it instead) and "data" (the payload instead), both optional',
    ),
  },
)

/** POST /__mock/deliveries/redeliver */
export const RedeliverAllBody = Type.Object(
  {
    location_id: Type.Optional(Id('Only this location.', 'the id of the location')),
    state: Type.Optional(
      StringEnum(['failed', 'delivered'] as const, {
        description: 'Which finished deliveries (default failed).',
        ...rule('must be failed or delivered'),
      }),
    ),
    since: Type.Optional(
      Type.String({
        format: 'date-time',
        description: "Only deliveries made at or after this time (ISO 8601, on the mock's clock).",
        ...rule('must be an ISO 8601 date-time such as 2026-05-01T10:00:00Z'),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...rule(
      'must be a JSON object of filters, e.g. {"location_id": 123, "state": "failed", "since": "2026-05-01T10:00:00Z"}',
    ),
  },
)

export const Redelivered = Type.Object({
  delivery_ids: Type.Array(Type.Integer(), {
    description: 'The new deliveries, in the order of those they redeliver.',
  }),
})
