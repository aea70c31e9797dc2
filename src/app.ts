import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from 'fastify'
import type { AuthOptions } from './altegio/auth.js'
import { hooksSettingsRoutes } from './altegio/hooks-settings-routes.js'
import { eventRoutes } from './control/event-routes.js'
import { healthRoutes } from './control/health-routes.js'
import { journalRoutes } from './control/journal-routes.js'
import { MockControl } from './control/mock-control.js'
import { RequestJournal } from './control/request-journal.js'
import { settingsRoutes } from './control/settings-routes.js'
import { DeliveryDispatcher, type DeliveryOptions } from './deliveries/dispatcher.js'
import {
  threadedWebhookClient,
  type WebhookClient,
  type WebhookClientOptions,
} from './deliveries/webhook-client.js'
import { addErrorHandling } from './http/error-handler.js'
import { addJsonBodyParser } from './http/json-body.js'
import { addLazyValidation } from './http/validator.js'
import { addWarnings } from './http/warnings.js'
import type { SettingsStore } from './store/settings-store.js'

export interface AppOptions {
  /** Where settings live; the caller opens and closes it. */
  store: SettingsStore
  /** Which tokens and locations are accepted; by default any well-formed header. */
  auth?: AuthOptions
  /** Fastify's logger option (default: off), or a logger instance. */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number
  /** How webhooks are delivered: delay, retries, bounds, token, seed. */
  deliveries?: Partial<DeliveryOptions>
  /** Timeouts of the default webhook client (HUB: 5 s to connect, 10 s in all). */
  webhookTimeouts?: Partial<WebhookClientOptions>
  /** Sends delivery attempts; by default undici over real sockets. */
  webhookClient?: WebhookClient
  /** Requests kept in the request journal (default 1000). */
  maxRequests?: number
  /** The clock of journal timestamps. */
  now?: () => Date
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The mock's control surface, for the programmatic API. */
    mock: MockControl
  }
}

function webhookClientFor(app: FastifyInstance, options: AppOptions): WebhookClient {
  if (options.webhookClient) return options.webhookClient
  const client = threadedWebhookClient({
    connectTimeoutMs: options.webhookTimeouts?.connectTimeoutMs ?? 5000,
    timeoutMs: options.webhookTimeouts?.timeoutMs ?? 10_000,
  })
  app.addHook('onClose', () => client.close())
  return client.send
}

/** Prefix of the mock's own routes; the real API never uses it. */
export const CONTROL_PREFIX = '/__mock'

/** Builds the mock; never listens and reads no environment (see server.ts). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { logger = false } = options
  const app = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // With no logger, skip the per-request log calls altogether.
    logController: new DebugRequestLog({ disableRequestLogging: !logger }),
  }).withTypeProvider<TypeBoxTypeProvider>()

  addLazyValidation(app)
  addWarnings(app)
  addErrorHandling(app)
  addJsonBodyParser(app)

  const now = options.now ?? (() => new Date())
  const deliveries = new DeliveryDispatcher(webhookClientFor(app, options), options.deliveries, now)
  const requests = new RequestJournal(
    options.maxRequests ?? 1000,
    options.now ? () => now().getTime() : Date.now,
  )
  const control = new MockControl(options.store, deliveries, requests)
  app.decorate('mock', control)
  // Hooks run in reverse order of addition: stop deliveries before the client closes.
  app.addHook('onClose', async () => deliveries.close())

  await app.register(hooksSettingsRoutes, {
    prefix: '/api/v1',
    store: options.store,
    auth: options.auth ?? {},
    requests,
  })
  for (const routes of [healthRoutes, settingsRoutes, eventRoutes, journalRoutes]) {
    await app.register(routes, { prefix: CONTROL_PREFIX, control })
  }
  return app
}

/** A test double's every request at info would drown its user's logs: debug. */
class DebugRequestLog extends LogController {
  override incomingRequest(request: Parameters<LogController['incomingRequest']>[0]) {
    if (this.isLogDisabled(request)) return
    request.log.debug({ req: request }, 'incoming request')
  }
  override requestCompleted(
    error: Parameters<LogController['requestCompleted']>[0],
    request: Parameters<LogController['requestCompleted']>[1],
    reply: Parameters<LogController['requestCompleted']>[2],
  ) {
    if (this.isLogDisabled(request)) return
    reply.log.debug(
      { res: reply, err: error, responseTime: reply.elapsedTime },
      'request completed',
    )
  }
}

function isLoggerInstance(logger: unknown): logger is FastifyBaseLogger {
  return (
    typeof logger === 'object' &&
    logger !== null &&
    typeof (logger as FastifyBaseLogger).child === 'function'
  )
}
