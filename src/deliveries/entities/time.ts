/**
 * The platform writes times in the location's fixed UTC offset (a consumer
 * found it is not adjusted for summer time), in three formats that differ by
 * field: see docs/webhook-entities.md.
 */
const pad = (n: number) => String(Math.abs(n)).padStart(2, '0')

/** The wall-clock parts of `ms` (UTC milliseconds) at `offsetHours`. */
function local(ms: number, offsetHours: number): string {
  return new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19)
}

const offset = (hours: number, colon: boolean) =>
  `${hours < 0 ? '-' : '+'}${pad(hours)}${colon ? ':' : ''}00`

/** "2026-03-14 10:30:00": `date`, `documents[].date_created`. */
export const plainTime = (ms: number, tz: number) => local(ms, tz).replace('T', ' ')

/** "2026-03-14T10:30:00+03:00": a record's `datetime`. */
export const isoTime = (ms: number, tz: number) => `${local(ms, tz)}${offset(tz, true)}`

/** "2026-03-14T10:30:00+0300": `create_date`, `last_change_date` and most other stamps. */
export const stampTime = (ms: number, tz: number) => `${local(ms, tz)}${offset(tz, false)}`

/** "2026-03-14": a day. */
export const dayOf = (ms: number, tz: number) => local(ms, tz).slice(0, 10)

/** The first moment of 2026, UTC: generated times fall in that year. */
export const YEAR_START = Date.UTC(2026, 0, 1)
export const DAY = 86_400_000
export const HOUR = 3_600_000
