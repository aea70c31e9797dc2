import { DURATION } from '../clock/duration.js'
import { rule, type Static, StringEnum, Type } from './typebox.js'

/** The longest advance: a hundred years, in ms. */
export const MAX_ADVANCE_MS = 3_155_760_000_000

/** POST /__mock/clock: one of `now`, `advance_ms`, `advance`, `mode`. */
export const ClockBody = Type.Object(
  {
    now: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'Set the clock to this time and stop it (mode manual). On a stopped clock, a later time advances it.',
        ...rule('must be an ISO 8601 date-time with an offset, such as 2026-01-01T00:00:00Z'),
      }),
    ),
    advance_ms: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_ADVANCE_MS,
        description:
          'Move a stopped clock forward this many ms: what falls due meanwhile happens, in time order, before the answer.',
        ...rule(
          `must be an integer from 0 to ${MAX_ADVANCE_MS} (ms; the clock does not go back), e.g. 1500`,
        ),
      }),
    ),
    advance: Type.Optional(
      Type.String({
        pattern: DURATION.source,
        description:
          'The same as advance_ms, as an ISO 8601 duration: "P1M" (a calendar month, UTC), "P31D", "PT12H", "PT1.5S".',
        ...rule('must be an ISO 8601 duration such as "P1M", "P31D", "PT12H" or "PT1.5S"'),
      }),
    ),
    mode: Type.Optional(
      StringEnum(['real', 'manual'] as const, {
        description: 'real: run again from where it stands; manual: stop where it stands.',
        ...rule('must be real or manual'),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...rule(
      'must be one of {"now": "2026-01-01T00:00:00Z"}, {"advance_ms": 1500}, {"advance": "P31D"}, {"mode": "real"}',
    ),
  },
)
export type ClockBody = Static<typeof ClockBody>

/** What the clock routes answer. */
export const ClockReading = Type.Object({
  now: Type.String({ description: "The clock's time, ISO 8601, UTC." }),
  mode: StringEnum(['real', 'manual'] as const, {
    description: 'real: runs with the wall clock (plus any offset); manual: stopped.',
  }),
})

/** The clock as a snapshot of the mock keeps it (ClockControl.state, restore). */
export const ClockState = Type.Union(
  [
    Type.Object(
      {
        mode: Type.Literal('real'),
        offset_ms: Type.Integer({ description: "How far it runs from its base clock's time." }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        mode: Type.Literal('manual'),
        now_ms: Type.Integer({ minimum: 0, description: 'Where it stands, in ms since 1970.' }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: "The mock's clock: real with an offset from its base, or stopped at a time." },
)
