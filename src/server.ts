import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { type AppOptions, buildApp } from './app.js'
import { ConfigError, resolveOptions } from './config/index.js'
import type { AltegioError } from './http/errors.js'
import { brokenRule, toFieldErrors } from './http/validation-errors.js'
import { prettyStream } from './log/console.js'
import { FaultSpec } from './schemas/faults.js'
import { lazyCheck } from './schemas/validator.js'
import { notAFile } from './store/open-checks.js'
import { Store, type StoreOptions } from './store/store.js'

export interface RunningMock {
  app: FastifyInstance
  store: Store
  /** http://HOST:PORT, with the real port when 0 was asked for. */
  url: string
  /** Stops accepting requests, finishes in-flight ones and every write, then releases the data file. */
  close(): Promise<void>
}

export interface StartOptions extends Omit<AppOptions, 'store' | 'logger'> {
  /** Compaction of the data file. */
  storeOptions?: StoreOptions
}

/** The faults a --faults file holds: a JSON array of what POST /__mock/faults takes. */
async function readFaults(file: string): Promise<FaultSpec[]> {
  const problem = (what: string) =>
    new ConfigError(
      `--faults ${file}: ${what}. Give a JSON array of faults, e.g. [{"status": 503, "times": 2}].`,
    )
  const unreadable = await notAFile(file)
  if (unreadable) throw problem(unreadable)
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw problem((error as Error).message)
  }
  if (!Array.isArray(value)) throw problem('it is not a JSON array')
  value.forEach((spec, index) => {
    if (!checkFault(spec)) {
      const [error] = checkFault.errors
      if (error && error.instancePath === '' && !FAULT_KEY_ERRORS.includes(error.keyword)) {
        throw new ConfigError(`--faults ${file}: fault ${index} ${brokenRule(error, spec)}.`)
      }
      // The words POST /__mock/faults answers with in its 422: each bad key and what to give.
      const why = Object.values(toFieldErrors(checkFault.errors, spec)).flat()
      throw new ConfigError(`--faults ${file}: fault ${index}: ${why.join(' ')}`)
    }
  })
  return value as FaultSpec[]
}
const checkFault = lazyCheck(FaultSpec)
/** Errors of the fault object that still name one of its keys. */
const FAULT_KEY_ERRORS = ['required', 'additionalProperties']

const isChattier = (level: string) => level === 'info' || level === 'debug' || level === 'trace'

/** In-flight requests get this long to finish once the mock is stopping; then they are cut. */
const SHUTDOWN_GRACE_MS = 1000

/**
 * Stops within about a second whatever clients do (docker stop kills at 10 s):
 * waits for deliveries end at once with 409, no new connection is accepted,
 * in-flight requests get a short grace, then every write finishes.
 */
async function stop(app: FastifyInstance, store: Store): Promise<void> {
  app.mock.deliveries.close()
  const grace = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS)
  try {
    await app.close()
  } finally {
    clearTimeout(grace)
  }
  await store.close()
}

/**
 * Opens the store, builds the app and listens. `defaults`: the CLI's, or
 * startAltegioMock's (a free port, memory, silence).
 */
export async function startServer(
  options: StartOptions,
  defaults: 'server' | 'code' = 'server',
): Promise<RunningMock> {
  const { storeOptions, webhookClient, now, ...settings } = options
  const config = resolveOptions(settings, defaults)
  // Silent means no logger at all: pino at level silent still made a child logger per request.
  const pretty =
    config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true)
  const logger =
    config.logLevel === 'silent'
      ? false
      : { level: config.logLevel, ...(pretty ? { stream: prettyStream(process.stdout) } : {}) }
  const faults = config.faults ? await readFaults(config.faults) : []
  const store = await Store.open(config.data, {
    ...storeOptions,
    onCompactionError: (error) =>
      app?.log.warn({ err: error }, 'compaction failed; the log keeps every change'),
  })
  let app: FastifyInstance | undefined
  try {
    app = await buildApp({ ...config, store, logger, webhookClient, now })
    for (const [index, spec] of faults.entries()) {
      try {
        app.mock.faults.add(spec)
      } catch (error) {
        const why = Object.values((error as AltegioError).errors ?? {}).flat()
        throw new ConfigError(`--faults ${config.faults}: fault ${index}: ${why.join(' ')}`)
      }
    }
    // The caller prints the one start line; fastify's own "Server listening" (one per address) would repeat it.
    const level = app.log.level
    if (logger && isChattier(level)) app.log.level = 'warn'
    try {
      await app.listen({ port: config.port, host: config.host })
    } finally {
      app.log.level = level
    }
  } catch (error) {
    // Release the port's half-made server and the data file's lock.
    await app?.close()
    await store.close()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | undefined
  return {
    app,
    store,
    url: `http://${host}:${port}`,
    close() {
      closing ??= stop(app, store)
      return closing
    },
  }
}
