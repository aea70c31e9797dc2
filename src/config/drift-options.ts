import { integer, optionalBaseUrl } from './kinds.js'
import { MIB, option } from './option-spec.js'

/** The validating proxy: where the platform is, and what the drift report keeps (docs/drift.md). */
export const DRIFT_OPTIONS = {
  upstream: option({
    flag: 'upstream',
    // Prefixed, unlike the others: a variable that sends the caller's tokens to production must not be set by accident.
    env: 'ALTEGIO_MOCK_UPSTREAM',
    kind: optionalBaseUrl(),
    default: undefined,
    placeholder: 'URL',
    help: 'forward every emulated request to this API host (e.g. https://api.alteg.io), answer with its answer, and report how the mock differs (GET /__mock/drift)',
  }),
  upstreamMarketplace: option({
    flag: 'upstream-marketplace',
    env: 'ALTEGIO_MOCK_UPSTREAM_MARKETPLACE',
    kind: optionalBaseUrl(),
    default: undefined,
    placeholder: 'URL',
    help: 'the same for the partner routes under /marketplace (e.g. https://app.alteg.io); without it they are answered by the mock alone',
  }),
  upstreamTimeoutMs: option({
    flag: 'upstream-timeout-ms',
    env: 'ALTEGIO_MOCK_UPSTREAM_TIMEOUT_MS',
    kind: integer(100, 10 * 60_000),
    default: 10_000,
    help: 'time for the upstream to connect, and then to send its headers and each part of its body; slower: 504',
  }),
  maxDriftEntries: option({
    flag: 'max-drift-entries',
    env: 'MAX_DRIFT_ENTRIES',
    kind: integer(1, 1_000_000),
    default: 1000,
    help: 'differences kept in the drift report (route, kind and path each; more are counted as dropped)',
  }),
  maxDriftBytes: option({
    flag: 'max-drift-bytes',
    env: 'MAX_DRIFT_BYTES',
    kind: integer(1024, 2 ** 40),
    default: 8 * MIB,
    help: 'bytes of the drift report, its examples included',
  }),
} as const
