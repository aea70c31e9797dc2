import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import autocannon from 'autocannon'

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

export interface Server {
  url: string
  child: ChildProcess
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number
  stop(): Promise<void>
}

/** Spawns a server and resolves once it printed "listening on URL". */
export function spawnServer(
  args: string[],
  startedAt = performance.now(),
): Promise<Server & { readyMs: number }> {
  // BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" profiles every server a part spawns.
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...flags, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match?.[1]) {
        resolve({
          url: match[1],
          child,
          readyMs: performance.now() - startedAt,
          peakRssMb: () => peakRss(child.pid as number),
          stop: () => stop(child),
        })
      }
    })
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)))
  })
}

/** Spawns a server and polls /__mock/health until it answers 200: the server, and the ms since spawning. */
export async function startToHealth(args: string[]): Promise<{ server: Server; ms: number }> {
  const started = performance.now()
  const server = await spawnServer(args, started)
  for (;;) {
    const res = await fetch(`${server.url}/__mock/health`).catch(() => undefined)
    if (res?.status === 200) break
  }
  return { server, ms: performance.now() - started }
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1])
  return kb / 1024
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  errors: number
}

export type LoadOptions = Omit<autocannon.Options, 'url'>

/** One autocannon run; any non-2xx or error is counted, so a broken run shows. */
export async function load(url: string, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({ url, connections: 10, ...options })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  }
}

export interface InterleavedResult extends LoadResult {
  /** Requests per second of each round, in round order. */
  rounds: number[]
}

/**
 * Medians of rounds, each round running every subject in turn so drift hits
 * all alike; the order flips every round, so going first or last does too.
 */
export async function interleaved<K extends string>(
  subjects: Record<K, () => Promise<LoadResult>>,
  rounds: number,
): Promise<Record<K, InterleavedResult>> {
  const keys = Object.keys(subjects) as K[]
  const runs = Object.fromEntries(keys.map((k) => [k, [] as LoadResult[]])) as Record<
    K,
    LoadResult[]
  >
  for (let round = 0; round < rounds; round++) {
    for (const key of round % 2 ? [...keys].reverse() : keys) {
      runs[key].push(await subjects[key]())
    }
  }
  return Object.fromEntries(
    keys.map((key) => {
      const list = runs[key]
      return [
        key,
        {
          rps: median(list.map((r) => r.rps)),
          p50: median(list.map((r) => r.p50)),
          p99: median(list.map((r) => r.p99)),
          errors: list.reduce((sum, r) => sum + r.errors, 0),
          rounds: list.map((r) => r.rps),
        },
      ]
    }),
  ) as Record<K, InterleavedResult>
}

/**
 * The median of the per-round throughput ratios of two interleaved subjects.
 * Each round runs both back to back, so a slow minute of this shared machine
 * moves both sides of a round's ratio, where it would move only one of two
 * separately taken medians.
 */
export function pairedRatio(subject: InterleavedResult, baseline: InterleavedResult): number {
  return median(subject.rounds.map((rps, round) => rps / (baseline.rounds[round] as number)))
}

/** A data file with `count` locations, as the mock writes it. */
export async function writeDataFile(
  file: string,
  count: number,
  settings: (id: number) => unknown,
): Promise<void> {
  const locations: Record<string, unknown> = {}
  for (let id = 1; id <= count; id++) locations[id] = settings(id)
  await writeFile(file, JSON.stringify({ locations }, null, 2))
}

/**
 * GETs `path` at a steady `perSecond` for `seconds`, whether or not earlier
 * ones were answered (an open loop: a server that stalls is measured by every
 * request it kept waiting, not by the few a closed loop would have sent), and
 * times each from when it was due, to the microsecond.
 */
export async function pacedGets(
  url: string,
  path: string,
  headers: Record<string, string>,
  seconds: number,
  perSecond = 500,
): Promise<number[]> {
  const { Agent, request } = await import('undici')
  const agent = new Agent({ connections: 64 })
  const times: number[] = []
  const interval = 1000 / perSecond
  const start = performance.now()
  const inflight: Promise<void>[] = []
  for (let i = 0; i < seconds * perSecond; i++) {
    const due = start + i * interval
    const wait = due - performance.now()
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
    inflight.push(
      request(`${url}${path}`, { headers, dispatcher: agent })
        .then((res) => res.body.dump())
        .then(() => {
          times.push(performance.now() - due)
        }),
    )
  }
  await Promise.all(inflight)
  await agent.close()
  return times
}
