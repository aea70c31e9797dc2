import { readFile } from 'node:fs/promises'
import { ConfigError } from '../config/kinds.js'
import { webhookProblem } from './capture.js'
import type { Difference } from './compare.js'
import type { DriftSummary } from './report.js'
import { compareWebhook } from './webhook.js'

const DEFAULT_URL = 'http://127.0.0.1:8080'

/** The subcommands of the CLI that read drift rather than start a mock (docs/drift.md). */
export const DRIFT_COMMANDS = ['drift', 'compare-webhook'] as const

const USAGE = `Usage:
  altegio-hooks-mock drift [URL] [--json]
      print the drift report of the mock at URL (default ${DEFAULT_URL})
  altegio-hooks-mock compare-webhook FILE... [--seed N] [--url URL] [--json]
      compare captured webhook bodies (a JSON object, or a list of them, per file) with what the
      mock sends; --url adds them to that running mock's drift report instead
`

interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

/** One difference as a line: paths and types, never a value. */
export function differenceLine(difference: Difference, theirs = 'upstream'): string {
  const { kind, path, upstream, mock } = difference
  switch (kind) {
    case 'status':
      return `status: ${theirs} ${upstream}, mock ${mock}`
    case 'missing':
      return `missing ${path}: the ${theirs} has ${upstream}, the mock not`
    case 'extra':
      return `extra ${path}: the mock has ${mock}, the ${theirs} not`
    default:
      return `${kind} ${path || '(body)'}: ${theirs} ${upstream}, mock ${mock}`
  }
}

/** The report as text: per route, each difference with how often and when. */
export function reportText(summary: DriftSummary): string {
  const lines = [
    `${summary.compared} answers compared, ${summary.drifted} drifted; ${summary.webhooks_compared} webhooks compared${
      summary.dropped > 0 ? `; ${summary.dropped} differences dropped (the report was full)` : ''
    }`,
  ]
  let route = ''
  for (const entry of summary.entries) {
    if (entry.route !== route) {
      route = entry.route
      lines.push('', route)
    }
    const theirs = entry.route.startsWith('webhook ') ? 'capture' : 'upstream'
    lines.push(
      `  ${differenceLine(entry, theirs)} (${entry.count}x, first ${entry.first_seen}, last ${entry.last_seen})`,
    )
  }
  if (summary.entries.length === 0) lines.push('No differences.')
  return `${lines.join('\n')}\n`
}

function parseArgs(args: string[]): { positionals: string[]; flags: Map<string, string> } {
  const positionals: string[] = []
  const flags = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--json') flags.set('json', 'true')
    else if (arg === '--seed' || arg === '--url') {
      const value = args[++i]
      if (value === undefined) throw new ConfigError(`${arg} needs a value.\n${USAGE}`)
      flags.set(arg.slice(2), value)
    } else if (arg.startsWith('-')) throw new ConfigError(`Unknown option '${arg}'.\n${USAGE}`)
    else positionals.push(arg)
  }
  return { positionals, flags }
}

async function getJson(url: string, init?: RequestInit): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, init)
  } catch (error) {
    const { cause } = error as { cause?: { code?: string; message?: string } }
    const reason = cause?.code ?? cause?.message ?? (error as Error).message
    throw new Error(
      `could not reach ${url} (${reason}): start the mock first, or give its URL, e.g. altegio-hooks-mock drift http://127.0.0.1:8080`,
    )
  }
  const body = (await response.json().catch(() => undefined)) as
    | { success?: boolean; data?: unknown; meta?: { message?: string } }
    | undefined
  if (!response.ok || body?.success !== true) {
    throw new Error(`${url} answered ${response.status}: ${body?.meta?.message ?? 'not the mock'}`)
  }
  return body.data
}

/** `drift [URL]`: the running mock's report. */
async function drift(args: string[], io: Output): Promise<number> {
  const { positionals, flags } = parseArgs(args)
  if (positionals.length > 1) throw new ConfigError(`drift takes one URL at most.\n${USAGE}`)
  const base = (positionals[0] ?? DEFAULT_URL).replace(/\/+$/, '')
  const summary = (await getJson(`${base}/__mock/drift`)) as DriftSummary
  io.out(flags.has('json') ? `${JSON.stringify(summary, null, 2)}\n` : reportText(summary))
  return 0
}

/** `compare-webhook FILE...`: each capture against the mock's entity for its resource. */
async function compareWebhooks(args: string[], io: Output): Promise<number> {
  const { positionals: files, flags } = parseArgs(args)
  if (files.length === 0)
    throw new ConfigError(`compare-webhook needs at least one file.\n${USAGE}`)
  const seedText = flags.get('seed') ?? '1'
  if (!/^\d+$/.test(seedText)) throw new ConfigError(`--seed must be an integer, got ${seedText}.`)
  const url = flags.get('url')?.replace(/\/+$/, '')
  const results: { file: string; resource: string; differences: Difference[] }[] = []
  for (const file of files) {
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'))
    } catch (error) {
      throw new ConfigError(`${file}: ${(error as Error).message}. Give a webhook body as JSON.`)
    }
    for (const [index, capture] of (Array.isArray(parsed) ? parsed : [parsed]).entries()) {
      const where = Array.isArray(parsed) ? `${file}[${index}]` : file
      const problem = webhookProblem(capture)
      if (problem) throw new ConfigError(`${where}: the body ${problem}.`)
      const comparison = url
        ? ((await getJson(`${url}/__mock/drift/webhooks`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(capture),
          })) as { resource: string; differences: Difference[] })
        : compareWebhook(capture, Number(seedText))
      results.push({ file: where, ...comparison })
    }
  }
  if (flags.has('json')) {
    io.out(`${JSON.stringify(results, null, 2)}\n`)
    return 0
  }
  for (const { file, resource, differences } of results) {
    io.out(`${file}: ${resource}, ${differences.length} differences\n`)
    for (const difference of differences) io.out(`  ${differenceLine(difference, 'capture')}\n`)
  }
  return 0
}

/** Runs a drift subcommand; its exit code (2 for bad usage, 1 when the mock cannot be read). */
export async function runDriftCommand(
  command: (typeof DRIFT_COMMANDS)[number],
  args: string[],
  io: Output,
): Promise<number> {
  try {
    return command === 'drift' ? await drift(args, io) : await compareWebhooks(args, io)
  } catch (error) {
    io.err(`altegio-hooks-mock ${command}: ${(error as Error).message}\n`)
    return error instanceof ConfigError ? 2 : 1
  }
}
