import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from 'fastify'
import type { AuthOptions } from './altegio/auth.js'
import { hooksSettingsRoutes } from './altegio/hooks-settings-routes.js'
import { healthRoutes } from './control/health-routes.js'
import { addErrorHandling } from './http/error-handler.js'
import { addJsonBodyParser } from './http/json-body.js'
import { addWarnings } from './http/warnings.js'
import { RULE } from './schemas/typebox.js'
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
}

/** Prefix of the mock's own routes; the real API never uses it. */
export const CONTROL_PREFIX = '/__mock'

/** Builds the mock; never listens and reads no environment (see server.ts). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { logger = false } = options
  const app = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    logController: new DebugRequestLog(),
    ajv: {
      // Report every bad field at once; never coerce "1" or true into 1 or
      // fill defaults, so what was sent is what is judged.
      customOptions: {
        allErrors: true,
        coerceTypes: false,
        useDefaults: false,
        removeAdditional: false,
        // Errors carry their schema, whose x-rule says what to send instead.
        verbose: true,
      },
      plugins: [(ajv) => ajv.addKeyword({ keyword: RULE, schemaType: 'string' })],
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  addWarnings(app)
  addErrorHandling(app)
  addJsonBodyParser(app)

  await app.register(hooksSettingsRoutes, {
    prefix: '/api/v1',
    store: options.store,
    auth: options.auth ?? {},
  })
  await app.register(healthRoutes, { prefix: CONTROL_PREFIX, store: options.store })
  return app
}

/** A test double's every request at info would drown its user's logs: debug. */
class DebugRequestLog extends LogController {
  override incomingRequest(request: Parameters<LogController['incomingRequest']>[0]) {
    request.log.debug({ req: request }, 'incoming request')
  }
  override requestCompleted(
    error: Parameters<LogController['requestCompleted']>[0],
    _request: Parameters<LogController['requestCompleted']>[1],
    reply: Parameters<LogController['requestCompleted']>[2],
  ) {
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
