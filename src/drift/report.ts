import type { Difference, DriftKind } from './compare.js'

/** A request and both answers, as the report keeps its first drifted example (tokens masked). */
export interface DriftExample {
  request: {
    method: string
    path: string
    headers: Record<string, string>
    body: unknown
  }
  upstream: { status: number; headers: Record<string, string>; body: unknown }
  mock: { status: number; body: unknown }
}

/** One difference on one route: how often it was seen, first and last, with the first example. */
export interface DriftEntry {
  /** `GET /api/v1/hooks_settings/:location_id`, or `webhook record` for a captured webhook. */
  route: string
  kind: DriftKind
  path: string
  upstream: string
  mock: string
  count: number
  first_seen: string
  last_seen: string
  /** The first request that showed it; null for webhooks (their reports hold no values). */
  example: DriftExample | null
}

export interface DriftSummary {
  /** Answers of the upstream compared with the mock's, and how many of them differed. */
  compared: number
  drifted: number
  /** Webhook captures compared. */
  webhooks_compared: number
  /** Differences not kept: the bounds were reached (--max-drift-entries, --max-drift-bytes). */
  dropped: number
  entries: DriftEntry[]
}

export interface DriftReportBounds {
  maxDriftEntries: number
  maxDriftBytes: number
}

/** A kept body longer than this is cut short, with a marker, so one answer cannot fill the report. */
export const MAX_EXAMPLE_BODY_BYTES = 16 * 1024

/** A body as an example keeps it: whole, or its JSON text cut short with a marker. */
export function exampleBody(body: unknown): unknown {
  if (body === undefined) return null
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  if (text.length <= MAX_EXAMPLE_BODY_BYTES) return body
  return `${text.slice(0, MAX_EXAMPLE_BODY_BYTES)}... [cut: ${text.length} characters in all]`
}

/**
 * Every difference seen, by route, kind and path, bounded by count and by
 * bytes: once full, a new difference is counted as dropped, and ones already
 * kept still count on (what is seen first is what a user reports first).
 */
export class DriftReport {
  readonly #bounds: DriftReportBounds
  readonly #clock: () => Date
  readonly #entries = new Map<string, DriftEntry>()
  #bytes = 0
  #compared = 0
  #drifted = 0
  #webhooks = 0
  #dropped = 0

  constructor(bounds: DriftReportBounds, clock: () => Date = () => new Date()) {
    this.#bounds = bounds
    this.#clock = clock
  }

  /** Notes one comparison of an API answer, and the differences it found. */
  record(route: string, differences: Difference[], example: () => DriftExample): void {
    this.#compared += 1
    if (differences.length > 0) this.#drifted += 1
    this.#add(route, differences, example)
  }

  /** Notes one compared webhook capture, and its differences (paths and types only). */
  recordWebhook(resource: string, differences: Difference[]): void {
    this.#webhooks += 1
    this.#add(`webhook ${resource}`, differences, () => null)
  }

  #add(route: string, differences: Difference[], example: () => DriftExample | null): void {
    const time = this.#clock().toISOString()
    let made: DriftExample | null | undefined
    for (const difference of differences) {
      const key = `${route}\n${difference.kind}\n${difference.path}`
      const known = this.#entries.get(key)
      if (known) {
        known.count += 1
        known.last_seen = time
        continue
      }
      made ??= example()
      const entry: DriftEntry = {
        route,
        ...difference,
        count: 1,
        first_seen: time,
        last_seen: time,
        example: made,
      }
      const size = JSON.stringify(entry).length
      if (
        this.#entries.size >= this.#bounds.maxDriftEntries ||
        this.#bytes + size > this.#bounds.maxDriftBytes
      ) {
        this.#dropped += 1
        continue
      }
      this.#entries.set(key, entry)
      this.#bytes += size
    }
  }

  summary(): DriftSummary {
    return {
      compared: this.#compared,
      drifted: this.#drifted,
      webhooks_compared: this.#webhooks,
      dropped: this.#dropped,
      entries: [...this.#entries.values()].map((entry) => ({ ...entry })),
    }
  }

  reset(): void {
    this.#entries.clear()
    this.#bytes = 0
    this.#compared = 0
    this.#drifted = 0
    this.#webhooks = 0
    this.#dropped = 0
  }
}
