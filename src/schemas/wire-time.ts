// The marketplace's times, "YYYY-MM-DD HH:MM:SS" (UTC in the mock), as plain
// values: the validator learns the format, the schemas name it.

/** The JSON Schema format of a wire time: a day the calendar has, a time the clock shows. */
export const WIRE_TIME_FORMAT = 'wire-time'

const SHAPE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

/** Whether `text` is a real time: 2026-02-29 or 24:00:00 are not. */
export function isWireTime(text: string): boolean {
  const parts = SHAPE.exec(text)?.slice(1).map(Number)
  if (!parts) return false
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts
  const date = new Date(0)
  // setUTCFullYear, not Date.UTC: that reads years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second)
  // A date past the calendar (2026-13-45) rolls over, and comes back as another text.
  return date.toISOString().slice(0, 19).replace('T', ' ') === text
}
