import { parseArgs } from 'node:util'
import type { AuthOptions } from './altegio/auth.js'
import type { DeliveryOptions } from './deliveries/dispatcher.js'
import type { WebhookClientOptions } from './deliveries/webhook-client.js'
import { POSITIVE_ID } from './schemas/ids.js'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Everything the CLI and the server accept, resolved and checked. */
export interface MockConfig {
  port: number
  host: string
  /** Path of the data file, or ":memory:". */
  data: string
  logLevel: LogLevel
  auth: AuthOptions
  bodyLimit: number
  deliveries: Partial<DeliveryOptions>
  webhookTimeouts: WebhookClientOptions
  maxRequests: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

interface OptionSpec {
  env: string
  help: string
  default?: string
  multiple?: boolean
  /** How an env variable holds several values. */
  envSeparator?: string
}

/** The one table of options: parsing, env names and --help come from it. */
const OPTIONS = {
  port: { env: 'PORT', default: '8080', help: 'TCP port to listen on; 0 picks a free one' },
  host: {
    env: 'HOST',
    default: '127.0.0.1',
    help: 'address to listen on (0.0.0.0 for every interface)',
  },
  data: {
    env: 'DATA_FILE',
    default: 'data/db.json',
    help: 'settings file (created with its folders if missing), or :memory: to keep nothing',
  },
  'log-level': { env: 'LOG_LEVEL', default: 'info', help: LOG_LEVELS.join(' | ') },
  'partner-token': {
    env: 'PARTNER_TOKENS',
    multiple: true,
    envSeparator: ',',
    help: 'accept only this partner token (repeatable; env: comma-separated); default: any',
  },
  'user-token': {
    env: 'USER_TOKENS',
    multiple: true,
    envSeparator: ',',
    help: 'accept only this user token (repeatable; env: comma-separated); default: any',
  },
  'user-access': {
    env: 'USER_ACCESS',
    multiple: true,
    envSeparator: ';',
    help: 'TOKEN=ID,ID: limit a user token to these locations, others get 403 (repeatable; env: ";"-separated)',
  },
  'body-limit': { env: 'BODY_LIMIT', default: '1048576', help: 'largest request body in bytes' },
  'delivery-delay-ms': {
    env: 'DELIVERY_DELAY_MS',
    default: '0',
    help: 'wait before a webhook is sent (the real platform: about 5000)',
  },
  'delivery-connect-timeout-ms': {
    env: 'DELIVERY_CONNECT_TIMEOUT_MS',
    default: '5000',
    help: 'per attempt: time to connect to the receiver',
  },
  'delivery-timeout-ms': {
    env: 'DELIVERY_TIMEOUT_MS',
    default: '10000',
    help: 'per attempt: time for the whole exchange',
  },
  'delivery-retries': {
    env: 'DELIVERY_RETRIES',
    default: '2',
    help: 'attempts after the first, for transport errors, 429 and 5xx',
  },
  'delivery-retry-delay-ms': {
    env: 'DELIVERY_RETRY_DELAY_MS',
    default: '1500',
    help: 'wait between attempts',
  },
  'delivery-token': {
    env: 'DELIVERY_TOKEN',
    help: 'send webhooks with Authorization: Bearer TOKEN; default: no header',
  },
  'max-deliveries': {
    env: 'MAX_DELIVERIES',
    default: '1000',
    help: 'finished deliveries kept in the journal; older ones are dropped',
  },
  'max-pending-deliveries': {
    env: 'MAX_PENDING_DELIVERIES',
    default: '10000',
    help: 'deliveries waiting or in flight; events beyond are dropped and say so',
  },
  'max-requests': {
    env: 'MAX_REQUESTS',
    default: '1000',
    help: 'requests kept in the request journal',
  },
  seed: { env: 'SEED', default: '1', help: 'seed of the generated webhook entities' },
} satisfies Record<string, OptionSpec>

type OptionName = keyof typeof OPTIONS

export const HELP = `altegio-hooks-mock: a local mock of the Altegio hooks_settings API

Usage: altegio-hooks-mock [options]

Options (flags win over environment variables):
${Object.entries(OPTIONS)
  .map(([name, spec]: [string, OptionSpec]) => {
    const flag = `  --${name}${spec.multiple ? ' VALUE...' : ' VALUE'}`
    const fallback = spec.default ? ` (default: ${spec.default})` : ''
    return `${flag.padEnd(38)} env ${spec.env}: ${spec.help}${fallback}`
  })
  .join('\n')}
  --help                                show this help
  --version                             print the version

Examples:
  altegio-hooks-mock --port 0 --data :memory:
  PORT=9000 DATA_FILE=/tmp/hooks.json altegio-hooks-mock
  altegio-hooks-mock --partner-token p1 --user-token u1 --user-access u1=101,102
`

export type CliRequest =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; config: MockConfig }

interface Source {
  name: OptionName
  from: string
}

function describeSource({ name, from }: Source): string {
  return from === 'flag' ? `--${name}` : `${OPTIONS[name].env}`
}

function parseInteger(raw: string, source: Source, min: number, max: number): number {
  const value = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `${describeSource(source)} must be an integer from ${min} to ${max}, got "${raw}".`,
    )
  }
  return value
}

function parseUserAccess(entries: string[], source: Source): Record<string, number[]> {
  const access: Record<string, number[]> = {}
  for (const entry of entries) {
    const match = /^([^=\s]+)=([\d,\s]+)$/.exec(entry.trim())
    const ids =
      match?.[2]
        ?.split(',')
        .map((id) => id.trim())
        .filter(Boolean) ?? []
    if (!match?.[1] || ids.length === 0 || ids.some((id) => !POSITIVE_ID.test(id))) {
      throw new ConfigError(
        `${describeSource(source)} must look like TOKEN=ID,ID (location ids are positive integers), got "${entry}".`,
      )
    }
    access[match[1]] = [...(access[match[1]] ?? []), ...ids.map(Number)]
  }
  return access
}

/** Resolves argv and the environment into a config, once: flag, then env, then default. */
export function resolveConfig(argv: string[], env: Record<string, string | undefined>): CliRequest {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          Object.entries(OPTIONS).map(([name, spec]: [string, OptionSpec]) => [
            name,
            { type: 'string' as const, multiple: spec.multiple ?? false },
          ]),
        ),
        help: { type: 'boolean' as const, short: 'h' },
        version: { type: 'boolean' as const },
      },
    })
  } catch (error) {
    const reason = (error as Error).message.replace(/\.?$/, '.')
    throw new ConfigError(`${reason} Run with --help to see the options.`)
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>
  if (values.help) return { kind: 'help' }
  if (values.version) return { kind: 'version' }

  const single = (name: OptionName): [string, Source] => {
    const flag = values[name]
    if (typeof flag === 'string') return [flag, { name, from: 'flag' }]
    const fromEnv = env[OPTIONS[name].env]
    if (fromEnv !== undefined && fromEnv !== '') return [fromEnv, { name, from: 'env' }]
    return [(OPTIONS[name] as OptionSpec).default ?? '', { name, from: 'default' }]
  }
  const list = (name: OptionName): [string[], Source] => {
    const flag = values[name]
    if (Array.isArray(flag) && flag.length > 0) return [flag, { name, from: 'flag' }]
    const spec: OptionSpec = OPTIONS[name]
    const fromEnv = env[spec.env] ?? ''
    const items = fromEnv
      .split(spec.envSeparator ?? ',')
      .map((item) => item.trim())
      .filter(Boolean)
    return [items, { name, from: 'env' }]
  }

  const [port, portSource] = single('port')
  const [host, hostSource] = single('host')
  const [data, dataSource] = single('data')
  const [logLevel, logSource] = single('log-level')
  const [bodyLimit, bodyLimitSource] = single('body-limit')
  if (host.trim() === '') throw new ConfigError(`${describeSource(hostSource)} must not be empty.`)
  if (data.trim() === '')
    throw new ConfigError(`${describeSource(dataSource)} must be a file path or :memory:.`)
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      `${describeSource(logSource)} must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}".`,
    )
  }
  const integer = (name: OptionName, min: number, max: number) => {
    const [raw, source] = single(name)
    return parseInteger(raw, source, min, max)
  }
  const [token] = single('delivery-token')
  const [partnerTokens] = list('partner-token')
  const [userTokens] = list('user-token')
  const [userAccess, accessSource] = list('user-access')
  return {
    kind: 'run',
    config: {
      port: parseInteger(port, portSource, 0, 65535),
      host: host.trim(),
      data,
      logLevel: logLevel as LogLevel,
      bodyLimit: parseInteger(bodyLimit, bodyLimitSource, 1024, 100 * 1024 * 1024),
      auth: { partnerTokens, userTokens, userLocations: parseUserAccess(userAccess, accessSource) },
      deliveries: {
        delayMs: integer('delivery-delay-ms', 0, 3_600_000),
        retries: integer('delivery-retries', 0, 100),
        retryDelayMs: integer('delivery-retry-delay-ms', 0, 3_600_000),
        token: token === '' ? undefined : token,
        maxJournal: integer('max-deliveries', 1, 10_000_000),
        maxPending: integer('max-pending-deliveries', 1, 10_000_000),
        seed: integer('seed', 0, 2 ** 31 - 1),
      },
      webhookTimeouts: {
        connectTimeoutMs: integer('delivery-connect-timeout-ms', 1, 600_000),
        timeoutMs: integer('delivery-timeout-ms', 1, 600_000),
      },
      maxRequests: integer('max-requests', 1, 10_000_000),
    },
  }
}
