/** "YYYY-MM-DD HH:MM:SS", as the marketplace routes write times; the mock writes UTC. */
export function wireTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

/** `date` plus `months` calendar months (UTC), for a paid period's end. */
export function addMonths(date: Date, months: number): Date {
  const next = new Date(date.getTime())
  next.setUTCMonth(next.getUTCMonth() + months)
  return next
}
