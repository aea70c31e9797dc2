import { IdString, rule, type Static, StringEnum, Type } from './typebox.js'

export const TIMELINE_KINDS = ['request', 'trigger', 'delivery', 'attempt', 'transition'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

/** One entry of the live timeline (GET /__mock/events/stream): never stored, only streamed. */
export const TimelineEntry = Type.Object(
  {
    id: Type.String({
      description:
        'Stable: request:<request id>, delivery:<delivery id>, attempt:<delivery id>.<n>, trigger:<seq>, transition:<seq>.',
      examples: ['attempt:5.2'],
    }),
    seq: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description:
        "The stream's own order (its SSE id); null for the backlog read from the journals.",
    }),
    time: Type.String({ format: 'date-time' }),
    location_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    kind: StringEnum(TIMELINE_KINDS),
    failed: Type.Boolean({
      description:
        'A request answered 4xx/5xx or not at all, an attempt that did not deliver, an event skipped.',
    }),
    summary: Type.String({ description: 'One line, as `altegio-hooks-mock tail` prints it.' }),
    cause: Type.Union([Type.String(), Type.Null()], {
      description: "The entry that led to this one, where known (a delivery's trigger).",
    }),
    effects: Type.Array(Type.String(), {
      description:
        "Entries this one led to, where known when it was made (a trigger's deliveries).",
    }),
    data: Type.Unknown({
      description:
        'request: the request journal entry (of the last request, for repeats); delivery: the delivery (payload included); attempt: the attempt, the delivery state after it, next_retry_at; trigger: the event and its outcome; transition: the installation change.',
    }),
    repeats: Type.Optional(
      Type.Object(
        {
          count: Type.Integer({ minimum: 2 }),
          first_id: Type.Integer({ minimum: 1 }),
          first_time: Type.String({ format: 'date-time' }),
        },
        {
          description:
            'Present when this entry stands for a run of requests: each answered below 400 with no warning, fault or body, each the same method, path, location and status as the first, with nothing else in between, within 50 ms. The request journal (GET /__mock/requests) has each of them.',
        },
      ),
    ),
  },
  {
    description: 'What happened, one entry per request, trigger, delivery, attempt or transition.',
  },
)
export type TimelineEntry = Static<typeof TimelineEntry>

const TimelineFilter = {
  location_id: Type.Optional(IdString('Only this location.', 'location_id=123')),
  failed: Type.Optional(
    StringEnum(['true', 'false'], {
      description: 'true: only failed entries.',
      ...rule('must be true or false'),
    }),
  ),
}

/** GET /__mock/timeline?... */
export const TimelineListQuery = Type.Object(TimelineFilter, { additionalProperties: false })

/** GET /__mock/events/stream?... */
export const TimelineQuery = Type.Object(
  {
    ...TimelineFilter,
    after: Type.Optional(
      Type.String({
        pattern: '^([0-9a-f]{8}\\.)?[0-9]{1,15}$',
        description:
          "Resume after this SSE id (<stream>.<seq>, what Last-Event-ID carries on a reconnect) or bare seq; without it, when it is another stream's (the mock restarted), or when the stream no longer holds it, the backlog comes first.",
        ...rule('must be an SSE id of this stream (e.g. 1a2b3c4d.12) or a seq (an integer from 0)'),
      }),
    ),
  },
  { additionalProperties: false },
)
