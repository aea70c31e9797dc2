import { BACKENDS, type Backend } from '../schemas/hook-settings.js'
import type { ApplicationInput } from '../schemas/marketplace/application.js'
import {
  boolean,
  fileOr,
  fraction,
  integer,
  type Kind,
  oneOf,
  optionalText,
  rateLimit,
  text,
  textList,
  userAccess,
} from './kinds.js'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface OptionSpec<T> {
  /** The flag, without its dashes; the code option is its camelCase. */
  flag: string
  env: string
  kind: Kind<T>
  /** The CLI's and the server's default. */
  default: T
  /** startAltegioMock's default, where a test suite wants another. */
  codeDefault?: T
  /** The default as the README shows it, where the value alone would mislead. */
  shownDefault?: string
  /** What the flag's value looks like, in --help and the README (default VALUE). */
  placeholder?: string
  help: string
}

const option = <T>(spec: OptionSpec<T>): OptionSpec<T> => spec

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const MIB = 1024 * 1024

/**
 * Every option of the mock, once: the CLI parses flags and variables from
 * it, --help and the README's table describe it, and buildApp and
 * startAltegioMock take its defaults from here. Nothing else writes a default.
 */
export const OPTIONS = {
  port: option({
    flag: 'port',
    env: 'PORT',
    kind: integer(0, 65535),
    default: 8080,
    codeDefault: 0,
    help: 'TCP port; 0 picks a free one (the URL is printed)',
  }),
  host: option({
    flag: 'host',
    env: 'HOST',
    kind: text('an address, e.g. 127.0.0.1 or 0.0.0.0'),
    default: '127.0.0.1',
    shownDefault: '`127.0.0.1` (`0.0.0.0` in Docker)',
    help: 'address to listen on (0.0.0.0 for every interface)',
  }),
  data: option({
    flag: 'data',
    env: 'DATA_FILE',
    kind: text('a file path or :memory:'),
    default: 'data/db.json',
    codeDefault: ':memory:',
    shownDefault: '`data/db.json` (`/data/db.json` in Docker)',
    help: 'the data file, created with its folders; :memory: keeps nothing',
  }),
  logLevel: option<LogLevel>({
    flag: 'log-level',
    env: 'LOG_LEVEL',
    kind: oneOf(LOG_LEVELS),
    default: 'info',
    codeDefault: 'silent',
    help: `${LOG_LEVELS.join(' ')}; requests are logged at debug`,
  }),
  partnerTokens: option({
    flag: 'partner-token',
    env: 'PARTNER_TOKENS',
    kind: textList(','),
    default: [],
    placeholder: 'TOKEN',
    help: 'accept only these partner tokens (repeatable; env: comma-separated)',
  }),
  userTokens: option({
    flag: 'user-token',
    env: 'USER_TOKENS',
    kind: textList(','),
    default: [],
    placeholder: 'TOKEN',
    help: 'accept only these user tokens (repeatable; env: comma-separated)',
  }),
  userAccess: option({
    flag: 'user-access',
    env: 'USER_ACCESS',
    kind: userAccess(),
    default: {},
    placeholder: 'TOKEN=ID,ID',
    help: 'TOKEN=ID,ID: limit a user token to these locations, others get 403 (repeatable; env: ";"-separated)',
  }),
  requestTimeoutMs: option({
    flag: 'request-timeout-ms',
    env: 'REQUEST_TIMEOUT_MS',
    kind: integer(1000, HOUR),
    default: 30_000,
    help: 'time to receive a whole request (headers and body); slower ones get 408',
  }),
  headersTimeoutMs: option({
    flag: 'headers-timeout-ms',
    env: 'HEADERS_TIMEOUT_MS',
    kind: integer(1000, HOUR),
    default: 10_000,
    help: 'time to receive the request headers; at most --request-timeout-ms',
  }),
  backend: option<Backend>({
    flag: 'backend',
    env: 'BACKEND',
    kind: oneOf(BACKENDS),
    default: 'current',
    help: 'the GET shape: current (url_settings, company_id) or legacy (as older backends: without url_settings, good, schedule, self_sending, company_id)',
  }),
  bodyLimit: option({
    flag: 'body-limit',
    env: 'BODY_LIMIT',
    kind: integer(1024, 100 * 1024 * 1024),
    default: MIB,
    help: 'largest request body in bytes',
  }),
  deliveryDelayMs: option({
    flag: 'delivery-delay-ms',
    env: 'DELIVERY_DELAY_MS',
    kind: integer(0, HOUR),
    default: 0,
    help: 'wait before a webhook is sent (the real platform: about 5000)',
  }),
  deliveryConnectTimeoutMs: option({
    flag: 'delivery-connect-timeout-ms',
    env: 'DELIVERY_CONNECT_TIMEOUT_MS',
    kind: integer(1, 10 * MINUTE),
    default: 5000,
    help: 'per attempt: time to connect to the receiver',
  }),
  deliveryTimeoutMs: option({
    flag: 'delivery-timeout-ms',
    env: 'DELIVERY_TIMEOUT_MS',
    kind: integer(1, 10 * MINUTE),
    default: 10_000,
    help: 'per attempt: time for the whole exchange',
  }),
  deliveryRetries: option({
    flag: 'delivery-retries',
    env: 'DELIVERY_RETRIES',
    kind: integer(0, 100),
    default: 2,
    help: 'attempts after the first, for transport errors, 429 and 5xx',
  }),
  deliveryRetryDelayMs: option({
    flag: 'delivery-retry-delay-ms',
    env: 'DELIVERY_RETRY_DELAY_MS',
    kind: integer(0, HOUR),
    default: 1500,
    help: 'wait between attempts',
  }),
  deliveryToken: option({
    flag: 'delivery-token',
    env: 'DELIVERY_TOKEN',
    kind: optionalText(),
    default: undefined,
    help: 'send webhooks with Authorization: Bearer TOKEN',
  }),
  deliveryDuplicateProbability: option({
    flag: 'delivery-duplicate-probability',
    env: 'DELIVERY_DUPLICATE_PROBABILITY',
    kind: fraction(),
    default: 0,
    help: 'send this share of deliveries twice, as the platform may (drawn from --seed)',
  }),
  deliveryDuplicateEvery: option({
    flag: 'delivery-duplicate-every',
    env: 'DELIVERY_DUPLICATE_EVERY',
    kind: integer(0, 1_000_000),
    default: 0,
    help: 'send every Nth delivery of a location twice; 0: never',
  }),
  deliveryReorder: option({
    flag: 'delivery-reorder',
    env: 'DELIVERY_REORDER',
    kind: integer(0, 100),
    default: 0,
    help: 'hold up to N deliveries per URL (or 100 ms) and send them shuffled; 0: in order',
  }),
  maxDeliveries: option({
    flag: 'max-deliveries',
    env: 'MAX_DELIVERIES',
    kind: integer(1, 10_000_000),
    default: 1000,
    help: 'finished deliveries kept in the journal (older ones dropped and counted)',
  }),
  maxPendingDeliveries: option({
    flag: 'max-pending-deliveries',
    env: 'MAX_PENDING_DELIVERIES',
    kind: integer(1, 10_000_000),
    default: 10_000,
    help: 'deliveries waiting or in flight; events beyond are dropped and say so',
  }),
  maxDeliveryBytes: option({
    flag: 'max-delivery-bytes',
    env: 'MAX_DELIVERY_BYTES',
    kind: integer(1024, 2 ** 40),
    default: 64 * MIB,
    help: 'payload bytes of finished deliveries kept in the journal (older ones dropped and counted)',
  }),
  maxPendingBytes: option({
    flag: 'max-pending-bytes',
    env: 'MAX_PENDING_BYTES',
    kind: integer(1024, 2 ** 40),
    default: 64 * MIB,
    help: 'payload bytes of deliveries waiting or in flight; events beyond are dropped and say so',
  }),
  maxRequests: option({
    flag: 'max-requests',
    env: 'MAX_REQUESTS',
    kind: integer(1, 10_000_000),
    default: 1000,
    help: 'requests kept in the request journal',
  }),
  maxRequestBytes: option({
    flag: 'max-request-bytes',
    env: 'MAX_REQUEST_BYTES',
    kind: integer(1024, 2 ** 40),
    default: 32 * MIB,
    help: 'body bytes kept in the request journal (older requests dropped and counted)',
  }),
  maxJournaledBodyBytes: option({
    flag: 'max-journaled-body-bytes',
    env: 'MAX_JOURNALED_BODY_BYTES',
    kind: integer(256, 100 * MIB),
    default: 64 * 1024,
    help: 'a request body longer than this is journaled cut short, with a marker saying so',
  }),
  rateLimit: option({
    flag: 'rate-limit',
    env: 'RATE_LIMIT',
    kind: rateLimit(),
    default: 'off',
    help: 'limit each client (address and partner token) on the emulated routes, e.g. 5/s,200/min; over it: 429 with Retry-After',
  }),
  faults: option({
    flag: 'faults',
    env: 'FAULTS_FILE',
    kind: optionalText(),
    default: undefined,
    help: 'a JSON file of faults to start with, as POST /__mock/faults takes them',
  }),
  checkResponses: option({
    flag: 'check-responses',
    env: 'CHECK_RESPONSES',
    kind: boolean(),
    default: false,
    help: "answer 500 instead of an answer that does not match its route's schema (for testing the mock itself)",
  }),
  applications: option<string | ApplicationInput[] | undefined>({
    flag: 'applications',
    env: 'APPLICATIONS_FILE',
    kind: fileOr<ApplicationInput[]>(
      'a JSON file of applications (in code also the list itself)',
      Array.isArray,
    ),
    default: undefined,
    placeholder: 'FILE',
    help: 'marketplace applications to register at start: a JSON list (in code: the list, or a file)',
  }),
  seed: option({
    flag: 'seed',
    env: 'SEED',
    kind: integer(0, 2 ** 31 - 1),
    default: 1,
    help: 'seed of generated webhook entities: same seed, same entities',
  }),
} as const

export type OptionName = keyof typeof OPTIONS
type ValueOf<S> = S extends OptionSpec<infer T> ? T : never

/** Every option, resolved: what the CLI, the server and buildApp run with. */
export type MockConfig = { -readonly [K in OptionName]: ValueOf<(typeof OPTIONS)[K]> }

export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[]
