import { fraction, integer, optionalText } from './kinds.js'
import { HOUR, MIB, MINUTE, option } from './option-spec.js'

/** How webhooks are sent and retried, the platform's delivery quirks, and what is kept of them. */
export const DELIVERY_OPTIONS = {
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
} as const
