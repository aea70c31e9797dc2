import type { ApplicationInput } from '../schemas/marketplace/application.js'
import { boolean, fileOr, integer, optionalText, rateLimit } from './kinds.js'
import { MIB, option } from './option-spec.js'

/** What the request journal keeps. */
export const REQUEST_JOURNAL_OPTIONS = {
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
} as const

/** What a test sets up: a rate limit, faults, response checks, applications, the seed. */
export const SCENARIO_OPTIONS = {
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
  initialState: option<string | Record<string, unknown> | undefined>({
    flag: 'initial-state',
    env: 'INITIAL_STATE_FILE',
    kind: fileOr<Record<string, unknown>>(
      'a JSON file of the state, as GET /__mock/state answers it (in code also the document itself)',
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    ),
    default: undefined,
    placeholder: 'FILE',
    help: 'the state to start with when the data file is new, and to return to on a reset: a document as GET /__mock/state answers it (in code: the document, or a file)',
  }),
  seed: option({
    flag: 'seed',
    env: 'SEED',
    kind: integer(0, 2 ** 31 - 1),
    default: 1,
    help: 'seed of generated webhook entities: same seed, same entities',
  }),
} as const
