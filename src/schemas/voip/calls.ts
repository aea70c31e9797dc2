import { MetaEnvelope } from '../envelope.js'
import { Id, rule, type Static, StringEnum, Type } from '../typebox.js'
import { CrmToken } from './integration.js'

/** Calls kept per location: a history call past it drops the oldest (voip contract, section 5). */
export const MAX_CALLS = 500

export const CALL_TYPES = ['incoming', 'outgoing', 'internal'] as const
export type CallType = (typeof CALL_TYPES)[number]
export const CALL_STATUSES = ['success', 'missed'] as const
export type CallStatus = (typeof CALL_STATUSES)[number]

/** One call as GET /voip/integration/calls lists it (voip contract, section 5). */
export const VoipCall = Type.Object({
  id: Type.Integer({ minimum: 1, description: "The mock's id, increasing per location." }),
  client_id: Type.Integer({ minimum: 0, description: 'The matched client; 0: none matched.' }),
  caller_phone: Type.String({ maxLength: 64, description: '`phone` as the partner sent it.' }),
  record_link: Type.String({ maxLength: 2048, description: 'The recording (`link`), or "".' }),
  duration: Type.Integer({ minimum: 0, description: 'Seconds.' }),
  status: StringEnum(CALL_STATUSES),
  type: StringEnum(CALL_TYPES),
  call_date: Type.String({
    description: "ISO 8601 in the location's UTC offset, e.g. 2026-03-14T10:30:00+03:00.",
  }),
})
export type VoipCall = Static<typeof VoipCall>

/** A call as the store keeps it: the listed fields, and what the mock filters and shows by. */
export const StoredCall = Type.Object(
  {
    ...VoipCall.properties,
    date_ms: Type.Number({ description: 'call_date in UTC milliseconds.' }),
    staff_id: Type.Union([Id('The routed team member.'), Type.Null()]),
    call_id: Type.Union([Type.String({ maxLength: 256 }), Type.Null()]),
    crm_token: CrmToken,
  },
  { additionalProperties: false },
)
export type StoredCall = Static<typeof StoredCall>

/** A location's call list in the store: oldest first, at most MAX_CALLS. */
export const StoredCallList = Type.Object(
  {
    last_id: Type.Integer({ minimum: 0, description: 'The last id given at this location.' }),
    calls: Type.Array(StoredCall, { maxItems: MAX_CALLS }),
  },
  { additionalProperties: false },
)
export type StoredCallList = Static<typeof StoredCallList>

const Listed = (description: string) =>
  Type.Optional(
    Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 10 })], { description }),
  )

/** The query of GET /voip/integration/calls; values are checked by the route. */
export const CallsQuery = Type.Object({
  salon_id: Type.String({
    description: 'The location.',
    ...rule('must be a positive integer, the location id (e.g. 123)'),
  }),
  date_from: Type.String({ description: 'A day (2026-03-14) or an ISO 8601 date-time.' }),
  date_to: Type.String({ description: 'A day (the whole day) or an ISO 8601 date-time.' }),
  phone: Type.Optional(Type.String({ description: "The caller's phone (digits compared)." })),
  types: Listed('incoming, outgoing, internal: types[]=a&types[]=b, types=a&types=b or types=a,b.'),
  'types[]': Listed('As types.'),
  statuses: Listed('success, missed: as types.'),
  'statuses[]': Listed('As statuses.'),
  page: Type.Optional(Type.String({ description: 'From 1 (default 1).' })),
  limit: Type.Optional(Type.String({ description: '1 to 100 (default 25).' })),
})

export const CallsAnswer = MetaEnvelope(
  Type.Array(VoipCall),
  Type.Object({
    count: Type.Integer({ description: 'Calls on this page.' }),
    total_count: Type.Integer({ description: 'Calls matching the query.' }),
  }),
)
