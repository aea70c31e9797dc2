import type { Writable } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'

/** What the mock tells its user, as lines a person reads on a terminal or a machine parses. */
export type ConsoleLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'level'>

/** Whether `level` is on: checked before any line is built, so an off level costs a comparison. */
export function logs(log: ConsoleLog | undefined, level: 'info' | 'warn'): log is ConsoleLog {
  if (!log) return false
  const enabled = (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled
  return typeof enabled === 'function' && enabled.call(log, level)
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
}

// pino's own fields, and those fastify adds to every request line: not repeated after the message.
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'v'])

function shown(value: unknown): string {
  if (typeof value === 'string') return /\s|=/.test(value) ? JSON.stringify(value) : value
  if (value && typeof value === 'object' && 'stack' in value) return String(value.stack)
  return JSON.stringify(value)
}

const said = (message: string, value: unknown) =>
  (typeof value === 'string' || typeof value === 'number') && message.includes(String(value))

/** One pino JSON line as a person reads it: `HH:MM:SS LEVEL message key=value...`. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(json)
  } catch {
    return json
  }
  const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now())
  const clock = time.toISOString().slice(11, 19)
  const level = LEVEL_NAMES[entry.level as number] ?? String(entry.level)
  const message = String(entry.msg ?? '')
  // A field the message already says (the JSON line keeps it for machines) is not repeated.
  const extra = Object.entries(entry)
    .filter(([key, value]) => !HIDDEN.has(key) && value != null && !said(message, value))
    .map(([key, value]) => `${key}=${shown(value)}`)
  return `${clock} ${level.padEnd(5)} ${message}${extra.length ? ` ${extra.join(' ')}` : ''}\n`
}

/** A stream for pino that writes each line readable to `out`. */
export function prettyStream(out: Writable | NodeJS.WriteStream): { write(line: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) out.write(prettyLine(line))
    },
  }
}
