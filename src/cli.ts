#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { ConfigError, HELP, resolveCli } from './config/index.js'
import { DRIFT_COMMANDS, runDriftCommand } from './drift/cli.js'
import { startServer } from './server.js'
import { DataFileError } from './store/data-file.js'
import { TAIL_HELP, TailUsageError, tail, tailOptions } from './tail.js'

// The mock reads argv and the environment here only. healthcheck.ts resolves
// them the same way (PID 1's flags, its own environment) to find the port.
async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2)
  if (command === 'tail') return tailMain(rest)
  const drift = DRIFT_COMMANDS.find((name) => name === command)
  if (drift) {
    return runDriftCommand(drift, rest, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    })
  }
  const request = resolveCli(process.argv.slice(2), process.env)
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

/** `altegio-hooks-mock tail`: the live timeline of a running mock, until Ctrl-C. */
async function tailMain(argv: string[]): Promise<number> {
  const env = process.env
  const color =
    (process.stdout.isTTY === true || (env.FORCE_COLOR ?? '') !== '') &&
    (env.NO_COLOR ?? '') === '' &&
    env.FORCE_COLOR !== '0'
  const options = tailOptions(argv, color)
  if (options === 'help') {
    process.stdout.write(TAIL_HELP)
    return 0
  }
  const stop = new AbortController()
  process.once('SIGINT', () => stop.abort())
  process.once('SIGTERM', () => stop.abort())
  await tail(
    options,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`altegio-hooks-mock tail: ${line}\n`),
    stop.signal,
  )
  return 0
}

function explain(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataFileError) return error.message
  if (error instanceof TailUsageError) return error.message
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') {
    return `${(error as Error).message}: another process listens there. Pick another with --port (or PORT), or 0 for any free port.`
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return `${(error as Error).message}: permission denied. Use a port above 1023, or check the data file's folder.`
  }
  if (code === 'EADDRNOTAVAIL') {
    return `${(error as Error).message}: no interface has that address. Give --host an address of this machine, or 0.0.0.0.`
  }
  return (error as Error).stack ?? String(error)
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error) => {
    process.stderr.write(`altegio-hooks-mock: ${explain(error)}\n`)
    // A bad value or an unusable file is the caller's to fix: 2, as for bad flags.
    const usage =
      error instanceof ConfigError ||
      error instanceof DataFileError ||
      error instanceof TailUsageError
    process.exit(usage ? 2 : 1)
  },
)
