import { createHash } from 'node:crypto'

/** One limit: at most `limit` requests per `ms`, as `--rate-limit` gives it ("5/s"). */
export interface RateWindow {
  limit: number
  ms: number
  text: string
}

const UNITS: Record<string, number> = { s: 1000, sec: 1000, min: 60_000, m: 60_000, h: 3_600_000 }

/** "5/s,200/min" as windows ("off": none); undefined when the text is not that. */
export function parseRateLimit(text: string): RateWindow[] | undefined {
  if (text === 'off') return []
  const windows: RateWindow[] = []
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^([1-9][0-9]{0,6})\/(s|sec|min|m|h)$/.exec(part)
    if (!match) return undefined
    windows.push({ limit: Number(match[1]), ms: UNITS[match[2] as string] as number, text: part })
  }
  return windows
}

/** The `--rate-limit` of one app: every emulated route draws on the same budget. */
export interface RateLimit {
  text: string
  limiter: RateLimiter | undefined
}

/** The limiter `text` (a valid --rate-limit) asks for; none when it is "off". */
export function rateLimit(text: string): RateLimit {
  const windows = parseRateLimit(text) ?? []
  return { text, limiter: windows.length > 0 ? new RateLimiter(windows) : undefined }
}

/** Clients tracked at once; the oldest is forgotten beyond. */
const MAX_CLIENTS = 10_000

/**
 * A client's key: a short digest of its address and partner token, so that
 * what is kept per client is a few bytes whatever the token's size (requests
 * are counted before authentication, so tokens are anyone's).
 */
function clientKey(address: string, token: string): string {
  return createHash('sha256').update(`${address} ${token}`).digest('base64url').slice(0, 22)
}

/**
 * Counts requests per client (address and partner token) in fixed windows,
 * as public client libraries describe the platform's limit. Off (no
 * windows) it is never asked.
 */
export class RateLimiter {
  readonly #windows: RateWindow[]
  /** Per client: for each window, its start and count. */
  readonly #clients = new Map<string, { start: number; count: number }[]>()
  #keyBytes = 0

  constructor(windows: RateWindow[]) {
    this.#windows = windows
  }

  /** Clients tracked now. */
  get size(): number {
    return this.#clients.size
  }

  /** The length of the keys of the clients tracked now, in all. */
  get keyBytes(): number {
    return this.#keyBytes
  }

  /** Counts a request; when it is over a limit, which one and how long until it resets. */
  take(
    address: string,
    token: string,
    now: number,
  ): { window: RateWindow; retryAfterMs: number } | undefined {
    const client = clientKey(address, token)
    let counts = this.#clients.get(client)
    if (!counts) {
      if (this.#clients.size >= MAX_CLIENTS) {
        const oldest = this.#clients.keys().next().value as string
        this.#clients.delete(oldest)
        this.#keyBytes -= oldest.length
      }
      counts = this.#windows.map(() => ({ start: now, count: 0 }))
      this.#clients.set(client, counts)
      this.#keyBytes += client.length
    }
    let over: { window: RateWindow; retryAfterMs: number } | undefined
    for (const [i, window] of this.#windows.entries()) {
      const count = counts[i] as { start: number; count: number }
      if (now - count.start >= window.ms) {
        count.start = now
        count.count = 0
      }
      count.count += 1
      if (count.count > window.limit && !over) {
        over = { window, retryAfterMs: count.start + window.ms - now }
      }
    }
    return over
  }
}
