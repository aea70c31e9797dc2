/**
 * The platform writes times in the location's fixed UTC offset (a consumer
 * found it is not adjusted for summer time), in three formats that differ by
 * field: see docs/webhook-entities.md.
 */
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/**
 * The wall-clock parts of `ms` (UTC milliseconds) at `offsetHours`, as
 * toISOString's first 19 characters: by arithmetic (days to a civil date, as
 * in Howard Hinnant's days_from_civil inverse), a quarter of a Date's cost,
 * called several times for every generated webhook on the API's thread
 * (docs/performance.md#delivery-thread).
 */
export function local(ms: number, offsetHours: number): string {
  const t = ms + offsetHours * 3_600_000
  const days = Math.floor(t / 86_400_000)
  let seconds = Math.floor((t - days * 86_400_000) / 1000)
  const hours = Math.floor(seconds / 3600)
  seconds -= hours * 3600
  const minutes = Math.floor(seconds / 60)
  seconds -= minutes * 60
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shifted = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1
  const month = shifted < 10 ? shifted + 3 : shifted - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  // toISOString writes other years with a sign and six digits.
  if (year < 0 || year > 9999) return new Date(t).toISOString().slice(0, 19)
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`
}

const offset = (hours: number, colon: boolean) =>
  `${hours < 0 ? '-' : '+'}${pad2(Math.abs(hours))}${colon ? ':' : ''}00`

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
