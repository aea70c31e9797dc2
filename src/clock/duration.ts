/**
 * ISO 8601 durations as a clock advance takes them: `P1M`, `PT12H`, `P31D`,
 * `P1Y2M10DT2H30M`, `P2W`, `PT1.5S`. Years and months are calendar ones (UTC),
 * so they are added to a time rather than counted in ms.
 */
export const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/

/** `fromMs` plus `duration`, or undefined when `duration` is not one. */
export function addDuration(fromMs: number, duration: string): number | undefined {
  const match = DURATION.exec(duration)
  if (!match) return undefined
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((n) => Number(n ?? 0))
  const seconds = Number(match[7] ?? 0)
  const date = new Date(fromMs)
  if (years || months) date.setUTCMonth(date.getUTCMonth() + (years ?? 0) * 12 + (months ?? 0))
  return (
    date.getTime() +
    (((weeks ?? 0) * 7 + (days ?? 0)) * 86_400_000 +
      (hours ?? 0) * 3_600_000 +
      (minutes ?? 0) * 60_000 +
      Math.round(seconds * 1000))
  )
}
