#!/usr/bin/env node
// The container's HEALTHCHECK: exits 0 when /__mock/health answers 200 on the
// port the mock was started with. It reads that port the way the mock did,
// from PID 1's arguments (flags) and the environment, so `docker run IMAGE
// --port 9000` is checked on 9000 without curl in the image.
import { readFileSync } from 'node:fs'
import { resolveCli } from './config/index.js'

function mockArguments(): string[] {
  try {
    const argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0').filter(Boolean)
    const cli = argv.findIndex((arg) => /(altegio-hooks-mock|cli)\.js$/.test(arg))
    return cli >= 0 ? argv.slice(cli + 1) : []
  } catch {
    return []
  }
}

async function main(): Promise<number> {
  const request = resolveCli(mockArguments(), process.env)
  if (request.kind !== 'run') return 0
  const { host, port } = request.config
  const target = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host
  const url = `http://${target.includes(':') ? `[${target}]` : target}:${port}/__mock/health`
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
    if (res.ok) return 0
    process.stderr.write(`${url} answered ${res.status}\n`)
  } catch (error) {
    process.stderr.write(`${url}: ${(error as Error).message}\n`)
  }
  return 1
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`healthcheck: ${(error as Error).message}\n`)
    process.exit(1)
  },
)
