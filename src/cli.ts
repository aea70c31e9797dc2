#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { ConfigError, HELP, resolveConfig } from './config.js'
import { startServer } from './server.js'
import { DataFileError } from './store/data-file.js'

// The only module that reads argv and the environment.
async function main(): Promise<number> {
  const request = resolveConfig(process.argv.slice(2), process.env)
  if (request.kind === 'help') {
    process.stdout.write(HELP)
    return 0
  }
  if (request.kind === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    process.stdout.write(`${pkg.version}\n`)
    return 0
  }
  const { config } = request
  const mock = await startServer(config)
  const where = config.data === ':memory:' ? 'in memory only' : `data file ${mock.store.file}`
  process.stdout.write(`altegio-hooks-mock listening on ${mock.url} (${where})\n`)

  const stop = (signal: string) => {
    mock.app.log.info(`${signal}: finishing in-flight requests and writes`)
    mock.close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`altegio-hooks-mock: error while stopping: ${error}\n`)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  return -1
}

function explain(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataFileError) return error.message
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') {
    return `${(error as Error).message}: another process listens there. Pick another with --port (or PORT), or 0 for any free port.`
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return `${(error as Error).message}: permission denied. Check the data file's folder, or use a port above 1023.`
  }
  return (error as Error).stack ?? String(error)
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error) => {
    process.stderr.write(`altegio-hooks-mock: ${explain(error)}\n`)
    process.exit(error instanceof ConfigError ? 2 : 1)
  },
)
