import { parseArgs } from 'node:util'
import type { TimelineEntry } from './schemas/timeline.js'

export const TAIL_HELP = `altegio-hooks-mock tail: the live timeline of a running mock, one line per entry

Usage: altegio-hooks-mock tail [URL] [--location ID] [--failed] [--no-color]

  URL              the mock (default: http://127.0.0.1:8080)
  --location ID    only this location's entries
  --failed         only failed entries: requests answered 4xx/5xx or not at all,
                   attempts that did not deliver, triggers that made no delivery
  --no-color       no colour (NO_COLOR does the same; colour is on only on a terminal)
  --help           show this help

It prints what the mock's journals hold first, then each entry as it happens, and
reconnects (resuming where it left off) when the mock restarts or drops it.
`

export class TailUsageError extends Error {}

export interface TailOptions {
  url: string
  location: number | undefined
  failed: boolean
  color: boolean
}

/** The tail's arguments; `colorDefault` is whether the output stream takes colour. */
export function tailOptions(argv: string[], colorDefault: boolean): TailOptions | 'help' {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    throw new TailUsageError(`${(error as Error).message}. See altegio-hooks-mock tail --help.`)
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  if (positionals.length > 1) {
    throw new TailUsageError(
      `tail takes one URL, got ${positionals.length}: ${positionals.join(' ')}. See altegio-hooks-mock tail --help.`,
    )
  }
  const url = positionals[0] ?? 'http://127.0.0.1:8080'
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw new TailUsageError(
      `${JSON.stringify(url)} is not the mock's URL: give it as http://HOST:PORT (e.g. http://127.0.0.1:8080).`,
    )
  }
  const location = values.location
  if (location !== undefined && !/^[1-9][0-9]{0,14}$/.test(location)) {
    throw new TailUsageError(
      `--location must be a location id (a positive integer, e.g. --location 123), got ${JSON.stringify(location)}.`,
    )
  }
  return {
    url: url.replace(/\/+$/, ''),
    location: location === undefined ? undefined : Number(location),
    failed: values.failed ?? false,
    color: colorDefault && !values['no-color'],
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      location: { type: 'string' },
      failed: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

const PAINT = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2 } as const
type Paint = keyof typeof PAINT

/** One entry as a line: time, location, kind, summary; red when it failed. */
export function formatEntry(entry: TimelineEntry, color: boolean): string {
  const paint = (what: Paint, text: string) =>
    color ? `\u001b[${PAINT[what]}m${text}\u001b[0m` : text
  const time = entry.time.slice(11, 23)
  const where = entry.location_id === null ? '-' : String(entry.location_id)
  const kind = entry.kind.padEnd(10)
  const summary = entry.failed
    ? paint('red', entry.summary)
    : entry.kind === 'attempt'
      ? paint('green', entry.summary)
      : entry.summary
  const cause = entry.cause === null ? '' : ` ${paint('dim', `<- ${entry.cause}`)}`
  return `${paint('dim', time)} ${paint('yellow', `loc ${where}`.padEnd(10))} ${paint('cyan', kind)} ${summary}${cause}`
}

/**
 * Reads the mock's event stream and prints each entry until `signal` aborts;
 * a stream that ends or fails is opened again a second later, resuming
 * after the last seq seen.
 */
export async function tail(
  options: TailOptions,
  out: (line: string) => void,
  note: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  let after: string | undefined
  let waiting = false
  while (!signal.aborted) {
    const query = new URLSearchParams()
    if (options.location !== undefined) query.set('location_id', String(options.location))
    if (options.failed) query.set('failed', 'true')
    if (after !== undefined) query.set('after', after)
    const url = `${options.url}/__mock/events/stream${query.size > 0 ? `?${query}` : ''}`
    try {
      const response = await fetch(url, { signal, headers: { accept: 'text/event-stream' } })
      if (!response.ok || !response.body) {
        const text = await response.text()
        throw new TailUsageError(
          `${url} answered ${response.status}: ${text.slice(0, 500)}. Is it an altegio-hooks-mock of this version?`,
        )
      }
      if (waiting) note(`connected to ${options.url}`)
      waiting = false
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true })
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          let event = 'message'
          let data = ''
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('data: ')) data += line.slice(6)
            else if (line.startsWith('id: ')) after = line.slice(4)
          }
          if (event === 'entry') out(formatEntry(JSON.parse(data) as TimelineEntry, options.color))
        }
      }
    } catch (error) {
      if (signal.aborted) return
      if (error instanceof TailUsageError) throw error
      if (!waiting) note(`waiting for the mock at ${options.url} (${describe(error)})`)
      waiting = true
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (error as Error).message
}
