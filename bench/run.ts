// npm run bench: the mock against a bare Fastify server in the same run,
// reported as ratios (this machine is shared and noisy: medians, not means).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Agent, request } from 'undici'
import { FLAG_NAMES } from '../src/schemas/hooks-settings/settings.js'
import {
  type InterleavedResult,
  interleaved,
  type LoadOptions,
  load,
  median,
  pacedGets,
  pairedRatio,
  percentile,
  spawnServer,
  startToHealth,
  stop,
  writeDataFile,
} from './lib.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
// BENCH_CLI measures another build (an A/B of a change).
const CLI = process.env.BENCH_CLI ?? join(ROOT, 'dist/altegio-hooks-mock.js')
const BARE = join(ROOT, 'bench/bare-server.mjs')
const BARE_DELIVERER = join(ROOT, 'bench/bare-deliverer.mjs')
const BARE_PROXY = join(ROOT, 'bench/bare-proxy.mjs')
const quick = process.argv.includes('--quick')
const ROUNDS = 5
// The durable POSTs' pairs of their own: 7, not 5, as each ratio is a median of its own pairs.
const POST_ROUNDS = quick ? 3 : 7
const SECONDS = quick ? 1 : 3
// GET throughput moved by a fifth from one 3 s round to the next, for the
// bare server as much as for the mock, and five pairs gave ratios from 0.81
// to 1.06 for the same code: GET takes twice the pairs, each shorter.
const GET_ROUNDS = 10
const GET_SECONDS = quick ? 1 : 2
const WARMUP = 1

const HEADERS = {
  authorization: 'Bearer bench-partner, User bench-user',
  accept: 'application/vnd.api.v2+json',
  'content-type': 'application/json',
}
const settings = (id: number) => ({
  urls: [`https://receiver.example/hooks/${id}`],
  active: 1,
  ...Object.fromEntries(FLAG_NAMES.map((name) => [name, name === 'record' ? 1 : 0])),
})

type Row = {
  metric: string
  mock: string
  baseline: string
  /** null where either side is below the resolution (autocannon counts whole ms). */
  ratio: number | null
  target: string
  ok: boolean
}
const rows: Row[] = []
const show = (n: number, unit: string) =>
  unit !== 'ms' ? `${n.toFixed(0)} ${unit}` : n === 0 ? '< 1 ms' : `${n.toFixed(1)} ms`
function row(
  metric: string,
  mock: number,
  baseline: number,
  unit: string,
  target: string,
  ok: (ratio: number) => boolean,
  ratio = mock / baseline,
) {
  const measurable = mock > 0 && baseline > 0
  rows.push({
    metric,
    mock: show(mock, unit),
    baseline: show(baseline, unit),
    ratio: measurable ? Number(ratio.toFixed(3)) : null,
    target,
    ok: ok(ratio),
  })
}

/** Throughput of interleaved rounds: the ratio is paired round by round. */
const rpsRow = (
  metric: string,
  subject: InterleavedResult,
  baseline: InterleavedResult,
  target: string,
  ok: (ratio: number) => boolean,
) => row(metric, subject.rps, baseline.rps, 'req/s', target, ok, pairedRatio(subject, baseline))

const warm = (url: string, options: LoadOptions) => load(url, { ...options, duration: WARMUP })
const postRotating = (count: number): LoadOptions => {
  let next = 0
  return {
    duration: SECONDS,
    headers: HEADERS,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/hooks_settings/${(next++ % count) + 1}`,
          body: JSON.stringify(settings(next)),
        }),
      },
    ],
  }
}
const getOne: LoadOptions = {
  duration: GET_SECONDS,
  headers: HEADERS,
  requests: [{ method: 'GET', path: '/api/v1/hooks_settings/1' }],
}

async function throughput(dir: string) {
  const file = join(dir, 'db.json')
  await writeDataFile(file, 10, settings)
  const mock = await spawnServer([CLI, '--port', '0', '--data', file, '--log-level', 'silent'])
  const getBytes = await (
    await fetch(`${mock.url}/api/v1/hooks_settings/1`, { headers: HEADERS })
  ).text()
  const postBytes = await (
    await fetch(`${mock.url}/api/v1/hooks_settings/1`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(settings(1)),
    })
  ).text()
  await writeFile(join(dir, 'get.json'), getBytes)
  await writeFile(join(dir, 'post.json'), postBytes)
  const bare = await spawnServer([BARE, '0', join(dir, 'get.json'), join(dir, 'post.json')])
  try {
    await warm(mock.url, getOne)
    await warm(bare.url, getOne)
    const get = await interleaved(
      { mock: () => load(mock.url, getOne), bare: () => load(bare.url, getOne) },
      GET_ROUNDS,
    )
    const rss = { mock: mock.peakRssMb(), bare: bare.peakRssMb() }
    // The same POSTs without a disk: what the HTTP side costs on its own.
    const memory = await spawnServer([
      CLI,
      '--port',
      '0',
      '--data',
      ':memory:',
      '--log-level',
      'silent',
    ])
    // The durable limit: a bare server that appends and fdatasyncs each POST,
    // batching syncs as the mock does; the ratio to it measures the mock, not
    // how fast the disk is against the CPU (issue 19).
    const synced = await spawnServer([
      BARE,
      '0',
      join(dir, 'get.json'),
      join(dir, 'post.json'),
      join(dir, 'bare-durable.log'),
    ])
    const wide = (options: LoadOptions): LoadOptions => ({ ...options, connections: 64 })
    const post = await (async () => {
      try {
        for (const server of [mock, memory, bare, synced]) {
          await warm(server.url, postRotating(10))
        }
        // Each ratio's two sides in pairs of their own, back to back: in one
        // round of all six, a side ran up to 9 s from its baseline and the
        // durable ratios of three runs spread from 0.69 to 0.93.
        const durable10 = await interleaved(
          {
            mock: () => load(mock.url, postRotating(10)),
            synced: () => load(synced.url, postRotating(10)),
          },
          POST_ROUNDS,
        )
        const durable64 = await interleaved(
          {
            mock64: () => load(mock.url, wide(postRotating(10))),
            synced64: () => load(synced.url, wide(postRotating(10))),
          },
          POST_ROUNDS,
        )
        const noDisk = await interleaved(
          {
            memory: () => load(memory.url, postRotating(10)),
            bare: () => load(bare.url, postRotating(10)),
          },
          ROUNDS,
        )
        return { ...durable10, ...durable64, ...noDisk }
      } finally {
        await Promise.all([memory.stop(), synced.stop()])
      }
    })()
    rpsRow('GET req/s', get.mock, get.bare, '>= 0.85', (r) => r >= 0.85)
    row('GET p50 latency', get.mock.p50, get.bare.p50, 'ms', 'info', () => true)
    row('GET p99 latency', get.mock.p99, get.bare.p99, 'ms', 'info', () => true)
    rpsRow(
      'POST req/s (durable 201) vs a bare server that fdatasyncs each POST, 10 connections',
      post.mock,
      post.synced,
      '>= 0.8',
      (r) => r >= 0.8,
    )
    rpsRow(
      'POST req/s (durable 201) vs a bare server that fdatasyncs each POST, 64 connections',
      post.mock64,
      post.synced64,
      '>= 0.8',
      (r) => r >= 0.8,
    )
    row(
      'POST req/s (durable 201) vs no disk at all',
      post.mock.rps,
      post.bare.rps,
      'req/s',
      'info',
      () => true,
    )
    rpsRow('POST req/s, --data :memory: (no disk)', post.memory, post.bare, 'info', () => true)
    row('POST p50 latency', post.mock.p50, post.bare.p50, 'ms', 'info', () => true)
    row('POST p99 latency', post.mock.p99, post.bare.p99, 'ms', 'info', () => true)
    row('peak RSS under GET load', rss.mock, rss.bare, 'MB', '<= 1.3', (r) => r <= 1.3)
    return {
      get,
      post,
      rss,
      errors:
        get.mock.errors +
        get.bare.errors +
        post.mock.errors +
        post.memory.errors +
        post.bare.errors +
        post.synced.errors +
        post.mock64.errors +
        post.synced64.errors,
    }
  } finally {
    await Promise.all([mock.stop(), bare.stop()])
  }
}

/**
 * The dictionaries' GETs against GET hooks_settings on the same mock: the
 * cities of a country with a location's city from another one (the most work
 * a dictionary GET does), and the whole country list (50 times the bytes).
 */
async function dictionaries(dir: string) {
  const file = join(dir, 'dictionaries.json')
  await writeDataFile(file, 10, settings)
  const mock = await spawnServer([CLI, '--port', '0', '--data', file, '--log-level', 'silent'])
  const at = (path: string): LoadOptions => ({ ...getOne, requests: [{ method: 'GET', path }] })
  const cities = at('/api/v1/cities?country_id=7&salon_id=1')
  const countries = at('/api/v1/countries')
  try {
    for (const options of [getOne, cities]) await warm(mock.url, options)
    // Pairs of their own: a round after the big answers' ran slower, whatever followed.
    const small = await interleaved(
      { hooks: () => load(mock.url, getOne), cities: () => load(mock.url, cities) },
      GET_ROUNDS,
    )
    await warm(mock.url, countries)
    const big = await interleaved(
      { hooks: () => load(mock.url, getOne), countries: () => load(mock.url, countries) },
      ROUNDS,
    )
    rpsRow(
      'dictionaries: GET /cities?country_id&salon_id vs GET hooks_settings',
      small.cities,
      small.hooks,
      '>= 0.9',
      (r) => r >= 0.9,
    )
    rpsRow(
      'dictionaries: GET /countries (60 KB) vs GET hooks_settings',
      big.countries,
      big.hooks,
      'info',
      () => true,
    )
    return {
      small,
      big,
      errors: small.hooks.errors + small.cities.errors + big.hooks.errors + big.countries.errors,
    }
  } finally {
    await mock.stop()
  }
}

async function scaling(dir: string) {
  const counts = [10, 1000, 10_000] as const
  const mocks = await Promise.all(
    counts.map(async (count) => {
      const file = join(dir, `scale-${count}.json`)
      await writeDataFile(file, count, settings)
      return spawnServer([CLI, '--port', '0', '--data', file, '--log-level', 'silent'])
    }),
  )
  try {
    for (const [i, mock] of mocks.entries()) {
      await warm(mock.url, postRotating(counts[i] as number))
    }
    // The three in interleaved rounds, each ratio paired round by round: one
    // after another, a busy minute of the host fell on one of them (0.36 in a run).
    const load3 = (i: number) => () =>
      load((mocks[i] as { url: string }).url, postRotating(counts[i] as number))
    const runs = await interleaved(
      { ten: load3(0), thousand: load3(1), tenThousand: load3(2) },
      ROUNDS,
    )
    for (const [count, r] of [
      [1000, runs.thousand],
      [10_000, runs.tenThousand],
    ] as const) {
      rpsRow(
        `POST req/s, ${count} vs 10 locations`,
        r,
        runs.ten,
        count === 10_000 ? '>= 0.5' : 'info',
        (x) => count !== 10_000 || x >= 0.5,
      )
      row(`POST p99, ${count} vs 10 locations`, r.p99, runs.ten.p99, 'ms', 'info', () => true)
    }
    return { 10: runs.ten, 1000: runs.thousand, 10000: runs.tenThousand }
  } finally {
    await Promise.all(mocks.map((mock) => mock.stop()))
  }
}

async function startup(dir: string) {
  const file = join(dir, 'startup.json')
  await writeDataFile(file, 10, settings)
  const timeToHealth = async (args: string[]) => {
    const { server, ms } = await startToHealth(args)
    await server.stop()
    return ms
  }
  const mock: number[] = []
  const bare: number[] = []
  for (let i = 0; i < 5; i++) {
    mock.push(await timeToHealth([CLI, '--port', '0', '--data', file, '--log-level', 'silent']))
    bare.push(await timeToHealth([BARE, '0']))
  }
  row(
    'startup: spawn to first 200 /__mock/health',
    median(mock),
    median(bare),
    'ms',
    '<= 1.3',
    (r) => r <= 1.3,
  )
  return { mock: median(mock), bare: median(bare) }
}

/** A receiver on 127.0.0.1 that notes when each payload arrived, by resource_id, and keeps the bodies. */
async function arrivalsReceiver() {
  const arrivals = new Map<number, number>()
  const bodies = new Map<number, string>()
  let waiting: (() => void) | undefined
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      const id = JSON.parse(body).resource_id
      arrivals.set(id, performance.now())
      bodies.set(id, body)
      res.writeHead(200).end()
      waiting?.()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    bodies,
    until: (count: number) =>
      new Promise<void>((resolve) => {
        waiting = () => arrivals.size >= count && resolve()
        waiting()
      }),
    close() {
      server.closeAllConnections()
      server.close()
    },
  }
}

async function deliveries(dir: string) {
  // Rounds of 4,000 events (about 0.3 s each) moved by a fifth between rounds; 10,000 and 9 rounds hold the median.
  const EVENTS = quick ? 1000 : 10_000
  const DELIVERY_ROUNDS = quick ? 3 : 9
  const LATENCY_SAMPLES = quick ? 100 : 1000
  const receiver = await arrivalsReceiver()
  const mock = await spawnServer([
    CLI,
    '--port',
    '0',
    '--data',
    join(dir, 'deliveries.json'),
    '--log-level',
    'silent',
    '--delivery-retries',
    '0',
  ])
  const bare = await spawnServer([BARE_DELIVERER, '0'])
  const agent = new Agent({ connections: 8 })
  const post = (url: string, body: unknown) =>
    request(url, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      dispatcher: agent,
    }).then(async (r) => {
      const text = await r.body.text()
      if (r.statusCode >= 300) throw new Error(`${url} answered ${r.statusCode}: ${text}`)
      return text
    })
  try {
    await request(`${mock.url}/__mock/locations/1/settings`, {
      method: 'PUT',
      body: JSON.stringify({ urls: [receiver.url], active: 1, record: 1 }),
      headers: { 'content-type': 'application/json' },
    }).then((r) => r.body.dump())
    const event = (id: number) => ({ resource: 'record', status: 'create', resource_id: id })
    const triggerAll = async () => {
      for (let i = 0; i < EVENTS; i += 500) {
        await post(`${mock.url}/__mock/locations/1/events/batch`, {
          events: Array.from({ length: 500 }, (_, j) => event(i + j + 1)),
        })
      }
    }
    // Warm both paths (the delivery thread starts on the first delivery).
    await triggerAll()
    await receiver.until(EVENTS)
    const sent = [...receiver.bodies.values()]
    // Rounds: the mock delivering EVENTS generated records, then a bare
    // process (bench/bare-deliverer.mjs) POSTing the very same bodies, handed
    // to it in batches as the triggers are, 8 in flight as the mock's lanes;
    // flipping the order each round. Both go bench -> process -> receiver: a
    // baseline in the bench's own process measured the machine's cores.
    const runMock = async () => {
      receiver.arrivals.clear()
      const started = performance.now()
      await triggerAll()
      await receiver.until(EVENTS)
      return EVENTS / ((performance.now() - started) / 1000)
    }
    const runBare = async () => {
      receiver.arrivals.clear()
      const started = performance.now()
      for (let i = 0; i < sent.length; i += 500) {
        await post(`${bare.url}/deliver`, { url: receiver.url, bodies: sent.slice(i, i + 500) })
      }
      await receiver.until(EVENTS)
      return EVENTS / ((performance.now() - started) / 1000)
    }
    await runBare()
    const rounds = { mock: [] as number[], bare: [] as number[] }
    for (let round = 0; round < DELIVERY_ROUNDS; round++) {
      for (const [name, run] of round % 2
        ? ([
            ['bare', runBare],
            ['mock', runMock],
          ] as const)
        : ([
            ['mock', runMock],
            ['bare', runBare],
          ] as const))
        rounds[name].push(await run())
    }
    const rate = median(rounds.mock.map((r, i) => r / (rounds.bare[i] as number)))
    row(
      'deliveries per second, generated records (vs a bare process POSTing the same bodies)',
      median(rounds.mock),
      median(rounds.bare),
      'ev/s',
      '>= 0.7',
      (r) => r >= 0.7,
      rate,
    )
    // Latency: one event at a time, trigger sent to payload received, against
    // the same body handed to the bare deliverer: both go bench -> process ->
    // receiver (a POST straight to the receiver, one hop, measured the machine).
    const latency = { mock: [] as number[], bare: [] as number[] }
    const one = sent[0] as string
    const timed = async (side: 'mock' | 'bare') => {
      receiver.arrivals.clear()
      const t = performance.now()
      if (side === 'mock') await post(`${mock.url}/__mock/locations/1/events`, event(1))
      else await post(`${bare.url}/deliver`, { url: receiver.url, bodies: [one] })
      await receiver.until(1)
      latency[side].push((receiver.arrivals.get(1) as number) - t)
    }
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      for (const side of i % 2 ? (['bare', 'mock'] as const) : (['mock', 'bare'] as const)) {
        await timed(side)
      }
    }
    row(
      'trigger-to-receipt p50, delay 0 (vs the bare deliverer handed the same body)',
      percentile(latency.mock, 50),
      percentile(latency.bare, 50),
      'ms',
      'info',
      () => true,
    )
    row(
      'trigger-to-receipt p99, delay 0 (vs the bare deliverer handed the same body)',
      percentile(latency.mock, 99),
      percentile(latency.bare, 99),
      'ms',
      '<= 2',
      (ratio) => ratio <= 2,
    )
    // The API thread's cost of a trigger of 1000 events: generated entities vs given data.
    const batch = (withData: boolean) => ({
      events: Array.from({ length: 1000 }, (_, j) => ({
        ...event(100_000 + j),
        ...(withData ? { data: { id: 100_000 + j } } : {}),
      })),
    })
    const triggerMs = async (withData: boolean) => {
      const times: number[] = []
      for (let i = 0; i < 5; i++) {
        receiver.arrivals.clear()
        const started = performance.now()
        await post(`${mock.url}/__mock/locations/1/events/batch`, batch(withData))
        times.push(performance.now() - started)
        await receiver.until(1000)
      }
      return median(times)
    }
    const generated = await triggerMs(false)
    const given = await triggerMs(true)
    row(
      'trigger of 1,000 events, generated vs given data',
      generated,
      given,
      'ms',
      'info',
      () => true,
    )
    const ms = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) })
    return { rounds, latency: { mock: ms(latency.mock), bare: ms(latency.bare) }, generated, given }
  } finally {
    await agent.close()
    await Promise.all([stop(mock.child), bare.stop()])
    receiver.close()
  }
}

/**
 * GET throughput while deliveries stream: the API's share must not drop. The
 * stream takes the same share of any machine: 2,000 deliveries a second on one
 * whose core does 150 units of work a second (where the target was set), in
 * proportion on others. At a fixed 2,000 the same build read 0.92-0.95 there
 * and 0.75-0.83 on a machine of 47-71 units: the machine, not the mock.
 */
async function getWhileDelivering(dir: string, unitsPerSecond: number) {
  const perSecond = Math.round((2000 * unitsPerSecond) / 150)
  // A batch every 50 ms, as a trigger of many events hands them to the mock.
  const perBatch = Math.max(1, Math.round(perSecond / 20))
  const file = join(dir, 'busy.json')
  await writeDataFile(file, 10, settings)
  const receiver = await arrivalsReceiver()
  const mock = await spawnServer([CLI, '--port', '0', '--data', file, '--log-level', 'silent'])
  const getBytes = await (
    await fetch(`${mock.url}/api/v1/hooks_settings/1`, { headers: HEADERS })
  ).text()
  await writeFile(join(dir, 'busy-get.json'), getBytes)
  const bare = await spawnServer([BARE, '0', join(dir, 'busy-get.json')])
  let streaming = true
  const stream = (async () => {
    await request(`${mock.url}/__mock/locations/2/settings`, {
      method: 'PUT',
      body: JSON.stringify({ urls: [receiver.url], active: 1, record: 1 }),
      headers: { 'content-type': 'application/json' },
    }).then((r) => r.body.dump())
    let id = 0
    let due = performance.now()
    while (streaming) {
      const events = Array.from({ length: perBatch }, () => ({
        resource: 'record',
        resource_id: ++id,
      }))
      await request(`${mock.url}/__mock/locations/2/events/batch`, {
        method: 'POST',
        body: JSON.stringify({ events }),
        headers: { 'content-type': 'application/json' },
      }).then((r) => r.body.dump())
      due += 50
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())))
    }
  })()
  try {
    await warm(mock.url, getOne)
    await warm(bare.url, getOne)
    receiver.arrivals.clear()
    const started = performance.now()
    const get = await interleaved(
      { mock: () => load(mock.url, getOne), bare: () => load(bare.url, getOne) },
      GET_ROUNDS,
    )
    const seconds = (performance.now() - started) / 1000
    rpsRow(
      'GET req/s while deliveries stream (2,000/s at 150 units/s, in proportion here)',
      get.mock,
      get.bare,
      '>= 0.85',
      (r) => r >= 0.85,
    )
    const rate = Math.round(receiver.arrivals.size / seconds)
    console.log(`deliveries streamed at ${rate}/s (asked ${perSecond}/s) while GETs were measured`)
    return { get, per_second: perSecond, delivered_per_second: rate }
  } finally {
    streaming = false
    await stream
    await Promise.all([mock.stop(), bare.stop()])
    receiver.close()
  }
}

/**
 * GET req/s while a client reads the live timeline, as the dashboard does
 * (issue 22): every GET then becomes an entry the mock serializes and
 * writes to the stream. Against the bare server, as GET req/s is.
 */
async function getWhileWatched(dir: string) {
  const file = join(dir, 'watched.json')
  await writeDataFile(file, 10, settings)
  const mock = await spawnServer([CLI, '--port', '0', '--data', file, '--log-level', 'silent'])
  const getBytes = await (
    await fetch(`${mock.url}/api/v1/hooks_settings/1`, { headers: HEADERS })
  ).text()
  await writeFile(join(dir, 'watched-get.json'), getBytes)
  const bare = await spawnServer([BARE, '0', join(dir, 'watched-get.json')])
  // The reader in a process of its own, as a browser is: not in the load generator's.
  const reader = spawn(
    process.execPath,
    [
      '-e',
      `let n = 0
      require('node:http').get(process.argv[1], (r) => {
        r.on('data', (c) => { n += c.length })
        r.on('end', () => process.stdout.write('dropped ' + n))
      })
      process.on('SIGTERM', () => { process.stdout.write('read ' + n); process.exit(0) })`,
      `${mock.url}/__mock/events/stream`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let said = ''
  reader.stdout.on('data', (chunk) => {
    said += chunk
  })
  const readerGone = new Promise((resolve) => reader.on('exit', resolve))
  try {
    await warm(mock.url, getOne)
    await warm(bare.url, getOne)
    const get = await interleaved(
      { mock: () => load(mock.url, getOne), bare: () => load(bare.url, getOne) },
      GET_ROUNDS,
    )
    rpsRow(
      'GET req/s while the dashboard streams every request',
      get.mock,
      get.bare,
      '>= 0.85',
      // Ended before the run did: the mock dropped the reader as too slow, and the ratio says nothing.
      (r) => r >= 0.85 && !said.startsWith('dropped'),
    )
    reader.kill('SIGTERM')
    await readerGone
    return { get, reader: said }
  } finally {
    reader.kill('SIGKILL')
    await Promise.all([mock.stop(), bare.stop()])
  }
}

/**
 * GET p99 while the data file of 100,000 locations is compacted, against the
 * p99 of an identical mock that is sent no POSTs, measured at the same
 * moments: when quiet and busy phases took turns, a burst of the host's own
 * load landing in one of them spread three runs' medians from 0.85 to 1.23.
 */
async function compactionStall(dir: string) {
  const COUNT = quick ? 20_000 : 100_000
  const COMPACTION_ROUNDS = quick ? 3 : 9
  const start = async (name: string) => {
    const file = join(dir, `${name}.json`)
    await writeDataFile(file, COUNT, settings)
    return spawnServer([CLI, '--port', '0', '--data', file, '--log-level', 'silent'])
  }
  const mock = await start('large')
  const calm = await start('large-calm')
  const getP99s = async () =>
    (
      await Promise.all(
        [mock, calm].map((server) =>
          pacedGets(server.url, '/api/v1/hooks_settings/1', HEADERS, SECONDS),
        ),
      )
    ).map((times) => percentile(times, 99)) as [number, number]
  try {
    await warm(mock.url, getOne)
    await warm(calm.url, getOne)
    // Warm as the rounds run, so that round 0 does not time one-off costs:
    // the first POST's lazily compiled route, the first merge (which reads and
    // checks the hand-written file), and this load generator's own first round.
    const post = (base: string, id: number) =>
      fetch(`${base}/api/v1/hooks_settings/${id}`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify(settings(id)),
      }).then((r) => r.arrayBuffer())
    await post(mock.url, COUNT)
    await post(calm.url, COUNT)
    await getP99s()
    await new Promise((resolve) => setTimeout(resolve, 3000))
    // One POST every 600 ms from here to the end: each pause past 0.5 s starts a compaction.
    let posting = true
    let posts = 0
    const poster = (async () => {
      while (posting) {
        await post(mock.url, (posts % COUNT) + 1)
        posts += 1
        await new Promise((resolve) => setTimeout(resolve, 600))
      }
    })()
    const busy: number[] = []
    const quiet: number[] = []
    try {
      for (let round = 0; round < COMPACTION_ROUNDS; round++) {
        const [compacting, without] = await getP99s()
        busy.push(compacting)
        quiet.push(without)
      }
    } finally {
      posting = false
      await poster
    }
    const ratio = median(busy.map((p, i) => p / (quiet[i] as number)))
    row(
      `GET p99 while ${COUNT.toLocaleString('en')} locations compact (POST every 600 ms), vs the same mock sent no POSTs`,
      median(busy),
      median(quiet),
      'ms',
      '<= 2',
      (r) => r <= 2,
      ratio,
    )
    return { quiet, busy, posts }
  } finally {
    await Promise.all([mock.stop(), calm.stop()])
  }
}

/** POST /__mock/snapshots/{name}/restore of 1,000 locations, against POST /__mock/reset, on a data file. */
async function restore(dir: string) {
  const COUNT = 1000
  const RUNS = quick ? 10 : 60
  const file = join(dir, 'restore.json')
  await writeDataFile(file, COUNT, settings)
  const mock = await spawnServer([CLI, '--port', '0', '--data', file, '--log-level', 'silent'])
  const timed = async (path: string, body?: unknown) => {
    const started = performance.now()
    const res = await request(`${mock.url}/__mock${path}`, {
      method: 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    })
    await res.body.dump()
    if (res.statusCode >= 300) throw new Error(`POST ${path} answered ${res.statusCode}`)
    return performance.now() - started
  }
  try {
    await timed('/snapshots', { name: 'thousand' })
    const restores: number[] = []
    const resets: number[] = []
    for (let run = 0; run < RUNS + 2; run++) {
      // The first two pairs warm the routes and the log up.
      const restored = await timed('/snapshots/thousand/restore')
      const reset = await timed('/reset')
      if (run < 2) continue
      restores.push(restored)
      resets.push(reset)
    }
    const restoreMs = median(restores)
    row(
      `POST restore of a ${COUNT.toLocaleString('en')}-location snapshot, against POST /__mock/reset`,
      restoreMs,
      median(resets),
      'ms',
      '<= 5, and under 50 ms',
      (ratio) => ratio <= 5 && restoreMs < 50,
      // Each restore against the reset right after it: the ratio of the two medians spread by a fifth.
      median(restores.map((ms, i) => ms / (resets[i] as number))),
    )
    return { restores, resets, p99: percentile(restores, 99) }
  } finally {
    await mock.stop()
  }
}

/**
 * How fast this machine is, so that two runs' figures can be compared: one
 * core's speed at a fixed piece of work (hashing and JSON, what a request
 * costs the mock), and how long the disk takes to make 200 bytes durable.
 */
function machineSpeed(dir: string) {
  const body = JSON.stringify(settings(1))
  const work = () => {
    for (let i = 0; i < 2000; i++) {
      createHash('sha256')
        .update(JSON.stringify(JSON.parse(body)))
        .digest('hex')
    }
  }
  work()
  const runs: number[] = []
  for (let round = 0; round < 7; round++) {
    const started = process.hrtime.bigint()
    work()
    runs.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  const file = join(dir, 'sync-probe')
  const fd = openSync(file, 'w')
  const syncs: number[] = []
  try {
    const line = Buffer.alloc(200, 120)
    for (let i = 0; i < 50; i++) {
      const started = process.hrtime.bigint()
      writeSync(fd, line, 0, line.length, i * line.length)
      fdatasyncSync(fd)
      syncs.push(Number(process.hrtime.bigint() - started) / 1e6)
    }
  } finally {
    closeSync(fd)
  }
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    /** Units of the fixed work per second on one core (2,000 parse + stringify + sha256). */
    cpu_work_per_s: Number((1000 / median(runs)).toFixed(1)),
    fdatasync_p50_ms: Number(median(syncs).toFixed(3)),
    fdatasync_p99_ms: Number(percentile(syncs, 99).toFixed(3)),
  }
  console.log(
    `this machine: ${machine.cores} x ${machine.cpu}; one core does ${machine.cpu_work_per_s} units of work/s; fdatasync of 200 bytes p50 ${machine.fdatasync_p50_ms} ms, p99 ${machine.fdatasync_p99_ms} ms`,
  )
  return machine
}

/**
 * --upstream: GETs through the mock to a local upstream (the bare server
 * answering the mock's bytes) against the same GETs sent to that upstream
 * directly. Latency one request at a time (what a test waits), and the
 * throughput of 10 connections; the mock forwards, answers on its own and
 * compares, so each proxied GET is two answers' work.
 */
async function proxy(dir: string) {
  const file = join(dir, 'proxy-db.json')
  await writeDataFile(file, 10, settings)
  const direct = await spawnServer([CLI, '--port', '0', '--data', file, '--log-level', 'silent'])
  const getBytes = await (
    await fetch(`${direct.url}/api/v1/hooks_settings/1`, { headers: HEADERS })
  ).text()
  await direct.stop()
  await writeFile(join(dir, 'proxy-get.json'), getBytes)
  const upstream = await spawnServer([BARE, '0', join(dir, 'proxy-get.json')])
  const mock = await spawnServer([
    CLI,
    ...['--port', '0', '--data', ':memory:', '--log-level', 'silent'],
    ...['--upstream', upstream.url],
  ])
  const bareProxy = await spawnServer([BARE_PROXY, '0', upstream.url])
  const agent = new Agent({ connections: 1 })
  const sequential = async (base: string, count: number) => {
    const times: number[] = []
    for (let i = 0; i < count; i++) {
      const start = performance.now()
      const { statusCode, body } = await request(`${base}/api/v1/hooks_settings/1`, {
        headers: HEADERS,
        dispatcher: agent,
      })
      await body.text()
      if (statusCode !== 200) throw new Error(`${base} answered ${statusCode}`)
      times.push(performance.now() - start)
    }
    return times
  }
  try {
    await sequential(mock.url, 500)
    await sequential(bareProxy.url, 500)
    const latency = { proxied: [] as number[], bare: [] as number[] }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? (['bare', 'proxied'] as const) : (['proxied', 'bare'] as const)
      for (const side of order) {
        latency[side].push(
          ...(await sequential(side === 'proxied' ? mock.url : bareProxy.url, 1000)),
        )
      }
    }
    const p50 = { proxied: percentile(latency.proxied, 50), bare: percentile(latency.bare, 50) }
    const p99 = { proxied: percentile(latency.proxied, 99), bare: percentile(latency.bare, 99) }
    row(
      'proxied GET p50 latency, one at a time (vs a bare proxy to the same upstream)',
      p50.proxied,
      p50.bare,
      'ms',
      // The upstream's exchange, then the mock's own answer and the comparison: three answers' work.
      '<= 4',
      (ratio) => ratio <= 4,
    )
    row(
      'proxied GET p99 latency, one at a time (vs a bare proxy to the same upstream)',
      p99.proxied,
      p99.bare,
      'ms',
      '<= 2',
      (ratio) => ratio <= 2,
    )
    await warm(mock.url, getOne)
    await warm(bareProxy.url, getOne)
    const rps = await interleaved(
      { proxied: () => load(mock.url, getOne), bare: () => load(bareProxy.url, getOne) },
      ROUNDS,
    )
    rpsRow(
      'proxied GET req/s, 10 connections (vs a bare proxy to the same upstream)',
      rps.proxied,
      rps.bare,
      'recorded, no target',
      () => true,
    )
    return {
      p50_ms: p50,
      p99_ms: p99,
      rps: { proxied: rps.proxied.rps, bare: rps.bare.rps },
      errors: rps.proxied.errors + rps.bare.errors,
    }
  } finally {
    await agent.close()
    await mock.stop()
    await bareProxy.stop()
    await upstream.stop()
  }
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'altegio-hooks-mock-bench-'))
  const started = Date.now()
  try {
    // BENCH_ONLY=deliveries,compaction runs only those parts (while working on one).
    const only = process.env.BENCH_ONLY?.split(',')
    const machine = machineSpeed(dir)
    const part = async <T>(name: string, run: () => Promise<T>) =>
      only && !only.includes(name) ? undefined : await run()
    const results = {
      throughput: await part('throughput', () => throughput(dir)),
      dictionaries: await part('dictionaries', () => dictionaries(dir)),
      scaling: await part('scaling', () => scaling(dir)),
      startup: await part('startup', () => startup(dir)),
      deliveries: await part('deliveries', () => deliveries(dir)),
      getWhileDelivering: await part('busy', () => getWhileDelivering(dir, machine.cpu_work_per_s)),
      getWhileWatched: await part('dashboard', () => getWhileWatched(dir)),
      compaction: await part('compaction', () => compactionStall(dir)),
      restore: await part('restore', () => restore(dir)),
      proxy: await part('proxy', () => proxy(dir)),
    }
    console.table(rows)
    const failed = rows.filter((r) => !r.ok)
    const out = {
      date: new Date().toISOString(),
      node: process.version,
      seconds: (Date.now() - started) / 1000,
      quick,
      machine,
      rows,
      results,
    }
    await mkdir(join(ROOT, 'bench/results'), { recursive: true })
    await writeFile(join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(out, null, 2)}\n`)
    console.log(
      `wrote bench/results/latest.json in ${out.seconds.toFixed(0)} s; ${failed.length ? `missed: ${failed.map((r) => r.metric).join(', ')}` : 'every target met'}`,
    )
    const errors = (results.throughput?.errors ?? 0) + (results.dictionaries?.errors ?? 0)
    if (errors > 0) throw new Error(`${errors} requests failed during the load runs`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
