import { BACKENDS, type Backend } from '../schemas/hooks-settings/settings.js'
import { integer, oneOf, text, textList, userAccess } from './kinds.js'
import { HOUR, MIB, option } from './option-spec.js'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

/** Where the mock listens, where it keeps its data, and what it logs. */
export const SERVER_OPTIONS = {
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
    help: `${LOG_LEVELS.join(' ')}; info shows deliveries, skipped events, refused requests and marketplace transitions, debug every request`,
  }),
  logFormat: option<LogFormat>({
    flag: 'log-format',
    env: 'LOG_FORMAT',
    kind: oneOf(LOG_FORMATS),
    default: 'auto',
    shownDefault: '`auto`: pretty on a terminal, json otherwise',
    help: 'pretty (one readable line per entry) or json (pino JSON lines, for machines)',
  }),
} as const

/** The tokens the emulated routes accept, and the locations a user may reach. */
export const ACCESS_OPTIONS = {
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
} as const

/** How requests are received, and the shape the hooks_settings routes answer in. */
export const HTTP_OPTIONS = {
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
} as const
