import type { FastifyInstance } from 'fastify'
import { type AppOptions, buildApp } from './app.js'
import type { MockConfig } from './config.js'
import { SettingsStore, type SettingsStoreOptions } from './store/settings-store.js'

export interface RunningMock {
  app: FastifyInstance
  store: SettingsStore
  /** http://HOST:PORT, with the real port when 0 was asked for. */
  url: string
  /** Stops accepting requests, finishes in-flight ones and every write, then releases the data file. */
  close(): Promise<void>
}

export type StartOptions = Pick<MockConfig, 'port' | 'host' | 'data'> & {
  logLevel?: MockConfig['logLevel']
  /** Compaction of the data file. */
  store?: SettingsStoreOptions
} & Omit<AppOptions, 'store' | 'logger'>

/** Opens the store, builds the app and listens. */
export async function startServer(options: StartOptions): Promise<RunningMock> {
  const level = options.logLevel ?? 'silent'
  // Silent means no logger at all: pino at level silent still made a child
  // logger per request (~2% of a GET's CPU in a profile).
  const logger = level === 'silent' ? false : { level }
  const store = await SettingsStore.open(options.data, {
    ...options.store,
    onCompactionError: (error) =>
      app?.log.warn({ err: error }, 'compaction failed; the journal keeps every change'),
  })
  const {
    port: _port,
    host: _host,
    data: _data,
    logLevel: _level,
    store: _store,
    ...appOptions
  } = options
  let app: FastifyInstance | undefined
  try {
    app = await buildApp({ ...appOptions, store, logger })
    await app.listen({ port: options.port, host: options.host })
  } catch (error) {
    // Release the port's half-made server and the data file's lock.
    await app?.close()
    await store.close()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  let closing: Promise<void> | undefined
  return {
    app,
    store,
    url: `http://${host}:${port}`,
    close() {
      closing ??= app.close().then(() => store.close())
      return closing
    },
  }
}
