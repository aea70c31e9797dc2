import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify'
import { dictionariesSection } from './api/dictionaries/index.js'
import { hooksSettingsLearner, hooksSettingsSection } from './api/hooks-settings/index.js'
import { BillingExpiry } from './api/marketplace/billing-expiry.js'
import { marketplaceSection, openMarketplace } from './api/marketplace/index.js'
import { LocationClients } from './api/shared/clients.js'
import { addFaultTracking, guards } from './api/shared/guards.js'
import { rateLimit } from './api/shared/rate-limit.js'
import { openVoip, voipSection } from './api/voip/index.js'
import { MockClock } from './clock/clock.js'
import { ClockControl } from './clock/clock-control.js'
import { ClockTimers } from './clock/timers.js'
import { type MockConfig, resolveOptions } from './config/index.js'
import { clientRoutes } from './control/client-routes.js'
import { clockRoutes } from './control/clock-routes.js'
import { dashboardRoutes } from './control/dashboard-routes.js'
import { eventRoutes } from './control/event-routes.js'
import { faultRoutes } from './control/fault-routes.js'
import { FaultTable } from './control/faults.js'
import { healthRoutes } from './control/health-routes.js'
import { readInitialState } from './control/initial-state.js'
import { journalRoutes } from './control/journal-routes.js'
import { LocationOptions } from './control/location-options.js'
import { MockControl } from './control/mock-control.js'
import { RequestJournal } from './control/request-journal.js'
import { settingsRoutes } from './control/settings-routes.js'
import { stateRoutes } from './control/state-routes.js'
import { Timeline } from './control/timeline.js'
import { timelineRoutes } from './control/timeline-routes.js'
import { DeliveryDispatcher } from './deliveries/dispatcher.js'
import {
  type Sender,
  senderOf,
  threadedWebhookClient,
  type WebhookClient,
} from './deliveries/webhook-client.js'
import { addDrift } from './drift/proxy.js'
import { DriftReport } from './drift/report.js'
import { driftRoutes } from './drift/routes.js'
import { clientErrorHandler, frameworkErrors } from './http/client-errors.js'
import { addErrorHandling } from './http/error-handler.js'
import { addJsonBodyParser } from './http/json-body.js'
import { addDocs } from './http/openapi.js'
import { DebugRequestLog, isLoggerInstance } from './http/request-log.js'
import { addResponseCheck } from './http/response-check.js'
import { addLazyValidation } from './http/validator.js'
import { addWarnings } from './http/warnings.js'
import { COLLECTIONS, replaceChanges } from './store/collections.js'
import { MEMORY, Store } from './store/store.js'

/** What buildApp takes: any option of the table (docs/configuration.md), and injected parts. */
export interface AppOptions extends Partial<MockConfig> {
  /** Where state lives; the caller opens and closes it. Default: a new store in memory. */
  store?: Store
  /** Fastify's logger option (default: off), or a logger instance. */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger
  /** Sends delivery attempts; by default undici over real sockets, from a worker thread. */
  webhookClient?: WebhookClient
  /**
   * The base of the mock's clock (default: the wall clock): what it reads while
   * it runs in real time, journals and the marketplace included.
   */
  now?: () => Date
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The mock's control surface, for the programmatic API. */
    mock: MockControl
  }
}

/** Prefix of the mock's own routes; the real API never uses it. */
export const CONTROL_PREFIX = '/__mock'

/** The serializer compiler of every route: JSON.stringify, whatever the schema. */
const jsonStringify = () => (data: unknown) => JSON.stringify(data)

/** Builds the mock; never listens and reads no environment (see server.ts). */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const { store: given, logger = false, webhookClient, now: base, ...settings } = options
  const config = resolveOptions(settings)
  const store = given ?? (await Store.open(MEMORY))
  const app = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger }),
    bodyLimit: config.bodyLimit,
    // With no logger, skip the per-request log calls altogether.
    logController: new DebugRequestLog({ disableRequestLogging: !logger }),
    requestTimeout: config.requestTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // Node looks for requests past their time this often (30 s by default).
      connectionsCheckingInterval: 1000,
    },
    clientErrorHandler: clientErrorHandler(config),
    frameworkErrors,
    // Fastify's default would load fast-json-stringify at start, for serializers never used.
    schemaController: { compilersFactory: { buildSerializer: () => jsonStringify } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  addLazyValidation(app)
  // Response schemas document and, in the tests, check every answer; they do
  // not shape it (a compiled serializer per route slowed the start and drops
  // what a schema leaves out, hiding a mistake).
  app.setSerializerCompiler(jsonStringify)
  addWarnings(app)
  addFaultTracking(app)
  addErrorHandling(app)
  if (config.checkResponses) addResponseCheck(app)
  addJsonBodyParser(app, config)

  // The one clock of the mock, and the one scheduler of what waits on it.
  const clock = new MockClock(base)
  const timers = new ClockTimers(clock)
  const now = () => clock.now()
  let send: Sender | undefined = webhookClient && senderOf(webhookClient)
  if (!send) {
    const client = threadedWebhookClient({
      connectTimeoutMs: config.deliveryConnectTimeoutMs,
      timeoutMs: config.deliveryTimeoutMs,
    })
    app.addHook('onClose', () => client.close())
    send = client.send
  }
  const locations = new LocationOptions({
    backend: config.backend,
    duplicate_probability: config.deliveryDuplicateProbability,
    duplicate_every: config.deliveryDuplicateEvery,
    reorder: config.deliveryReorder,
    delivery_delay_ms: config.deliveryDelayMs,
  })
  const deliveries = new DeliveryDispatcher(
    send,
    config,
    timers,
    locations,
    logger ? app.log : undefined,
  )
  const requests = new RequestJournal(config, () => clock.nowMs())
  const faults = new FaultTable(config.seed, now)
  const initialState = await readInitialState(config.initialState)
  // Only a start from nothing: a data file that exists holds what the last run left.
  if (initialState && store.fresh && COLLECTIONS.every((name) => store.size(name) === 0)) {
    await store.commit(replaceChanges(initialState))
  }
  const marketplace = await openMarketplace(
    store,
    deliveries,
    now,
    config.applications,
    config.seed,
  )
  if (logger) marketplace.log = app.log
  const clients = new LocationClients(store, config.seed)
  const time = new ClockControl(clock, timers)
  time.due(new BillingExpiry(store, marketplace))
  const voip = await openVoip(store, now, config.seed, clients, config.voipIntegrations)
  // A telephony application's grant makes the location's CRM token, in the same commit.
  marketplace.grantChanges = (application, locationId, latest) =>
    voip.grantChanges(application, locationId, latest)
  const drift = new DriftReport(config, now)
  const timeline = new Timeline({ requests, deliveries }, now)
  deliveries.observer = timeline
  marketplace.onTransition = (action, from, next, source) =>
    timeline.transition(action, from, next, source)
  // Streams never end by themselves: a close would wait for them.
  app.addHook('preClose', async () => timeline.close())
  const control = new MockControl(
    store,
    deliveries,
    requests,
    locations,
    faults,
    marketplace,
    clients,
    time,
    voip,
    timeline,
    { now, initialState, drift, seed: config.seed },
  )
  app.decorate('mock', control)
  // Hooks run in reverse order of addition: stop deliveries before the client closes.
  app.addHook('onClose', async () => deliveries.close())
  if (!given) app.addHook('onClose', () => store.close())
  app.addHook('onClose', async () => voip.notifications.close())

  const limits = rateLimit(config.rateLimit)
  // First: it notes every route added after it, for the OpenAPI documents.
  addDocs(app, CONTROL_PREFIX)
  // Before the sections, so that every emulated route of every section goes through it.
  await addDrift(app, {
    upstream: config.upstream,
    upstreamMarketplace: config.upstreamMarketplace,
    timeoutMs: config.upstreamTimeoutMs,
    bodyLimit: config.bodyLimit,
    report: drift,
    learners: [hooksSettingsLearner(store)],
    controlPrefix: CONTROL_PREFIX,
  })
  // The Developer Tools sections, a folder each under src/api/.
  await app.register(hooksSettingsSection, {
    store,
    auth: config,
    checks: guards('hooks_settings', limits, faults, requests),
    locations,
    requests,
  })
  for (const routes of [
    healthRoutes,
    settingsRoutes,
    clientRoutes,
    eventRoutes,
    journalRoutes,
    faultRoutes,
    clockRoutes,
    timelineRoutes,
    stateRoutes,
    driftRoutes,
  ]) {
    await app.register(routes, { prefix: CONTROL_PREFIX, control })
  }
  await app.register(dashboardRoutes, { prefix: CONTROL_PREFIX })
  await app.register(marketplaceSection, {
    marketplace,
    config,
    requests,
    controlPrefix: CONTROL_PREFIX,
    checks: guards('marketplace', limits, faults, requests),
  })
  await app.register(voipSection, {
    voip,
    auth: config,
    requests,
    controlPrefix: CONTROL_PREFIX,
    checks: guards('voip', limits, faults, requests),
  })
  await app.register(dictionariesSection, {
    auth: config,
    checks: guards('dictionaries', limits, faults, requests),
    requests,
    seed: config.seed,
  })
  return app
}
