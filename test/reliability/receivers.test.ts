import { spawn } from 'node:child_process'
import { setPriority } from 'node:os'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Pool } from 'undici'
import { expect, it } from 'vitest'
import { fullBody, HEADERS, onCleanup } from '../helpers.js'
import { startCli } from '../mock-process.js'
import { refusingUrl } from '../receiver.js'

/**
 * Stated bound: the GET p99 of a mock whose receivers misbehave <= 1.5 x the
 * GET p99 of an identical mock with no deliveries, measured at the same
 * moments: each tick sends its GETs to both, so whatever else this shared
 * machine does hits both sides of a ratio alike (when quiet and busy phases
 * took turns, a burst of the host's own load landing in one phase moved
 * single rounds from 0.9x to 3.6x and a CI run's median to 1.81x). Seven
 * rounds; the median of their ratios is held to the bound. Measured here:
 * medians of 0.94x to 1.24x; a build that spins the API thread 1 ms per
 * delivery answer reads 2.14x, 0.5 ms reads 1.31x.
 */
const BOUND = 1.5

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

/**
 * GETs at a steady 500 per second to each URL (5 every 10 ms, open loop,
 * the two interleaved and taking turns to go first) for `seconds`; each
 * URL's p99 in ms, to the microsecond. A steady rate measures how long a
 * request waits behind delivery work; a closed loop at full speed would only
 * measure that busy processes share two cores.
 */
async function p99OfGets(urls: string[], seconds: number): Promise<number[]> {
  const targets = urls.map((url) => {
    const { origin, pathname } = new URL(url)
    return { pool: new Pool(origin, { connections: 10 }), path: pathname, times: [] as number[] }
  })
  const pending: Promise<void>[] = []
  const get = async (target: (typeof targets)[number]) => {
    const started = performance.now()
    const res = await target.pool.request({ method: 'GET', path: target.path, headers: HEADERS })
    await res.body.dump()
    expect(res.statusCode).toBe(200)
    target.times.push(performance.now() - started)
  }
  for (let tick = 0; tick < seconds * 100; tick++) {
    for (let i = 0; i < 5; i++) {
      const order = (tick + i) % 2 === 0 ? targets : [...targets].reverse()
      for (const target of order) pending.push(get(target))
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await Promise.all(pending)
  return Promise.all(
    targets.map(async ({ pool, times }) => {
      await pool.close()
      times.sort((a, b) => a - b)
      return Number((times[Math.floor(times.length * 0.99)] as number).toFixed(3))
    }),
  )
}

it("keeps the API's p99 within 1.5x while receivers hang, crawl, refuse and fail", async () => {
  const start = () =>
    startCli([
      '--port',
      '0',
      '--data',
      ':memory:',
      '--log-level',
      'silent',
      '--delivery-timeout-ms',
      '3000',
      '--delivery-retries',
      '2',
      '--delivery-retry-delay-ms',
      '200',
    ])
  const [mock, calm] = [await start(), await start()]
  const bad = spawn(process.execPath, [
    fileURLToPath(new URL('./bad-receivers.mjs', import.meta.url)),
  ])
  onCleanup(async () => {
    bad.kill('SIGKILL')
  })
  // The receivers stand in for other hosts: on this 2-core machine they run
  // at a lower priority, so that their own CPU is not counted against the
  // mock (at the same priority, single rounds reached 1.6x to 1.8x).
  setPriority(bad.pid as number, 10)
  const lines = createInterface({ input: bad.stdout })[Symbol.asyncIterator]()
  const urls = JSON.parse((await lines.next()).value as string) as {
    hanging: string
    slow: string
    failing: string
  }
  const receivers = [urls.hanging, urls.slow, await refusingUrl(), urls.failing]
  const put = (base: string, id: number, urls: string[]) =>
    fetch(`${base}/__mock/locations/${id}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fullBody(urls, { record: 1 })),
    })
  // Both mocks hold the same settings; only the first one is sent events.
  for (const base of [mock.url, calm.url]) {
    for (const [i, url] of receivers.entries()) await put(base, i + 1, [url])
    await put(base, 100, ['https://unused.example/'])
  }
  const gets = (seconds: number) =>
    p99OfGets(
      [mock.url, calm.url].map((base) => `${base}/api/v1/hooks_settings/100`),
      seconds,
    )

  // 60 events a second to the four bad receivers, from the child process
  // (each failing one is attempted three times, so ~130 attempts a second),
  // from the warm-up to the end. The warm-up is as long as a delivery to the
  // hanging receiver lives (three attempts of 3 s), so the rounds measure the
  // steady state of connections held open.
  bad.stdin.write(`start ${mock.url}\n`)
  await sleep(1000)
  await gets(9)
  const quiet: number[] = []
  const busy: number[] = []
  for (let round = 0; round < 7; round++) {
    const [withReceivers, without] = (await gets(4)) as [number, number]
    busy.push(withReceivers)
    quiet.push(without)
  }
  bad.stdin.write('stop\n')
  await lines.next()
  const states: Record<string, number> = {}
  for (const state of ['sending', 'failed', 'delivered']) {
    const res = await fetch(`${mock.url}/__mock/deliveries?state=${state}`)
    states[state] = ((await res.json()) as { data: unknown[] }).data.length
  }
  const calmDeliveries = (await (await fetch(`${calm.url}/__mock/deliveries`)).json()) as {
    data: unknown[]
  }
  const ratios = busy.map((b, i) => Number((b / (quiet[i] as number)).toFixed(2)))
  console.log(
    `GET p99 without deliveries ${JSON.stringify(quiet)} ms, with bad receivers ${JSON.stringify(busy)} ms; ratios ${JSON.stringify(ratios)}, median ${median(ratios)}x (bound ${BOUND}x); deliveries by state ${JSON.stringify(states)}`,
  )
  // The receivers really misbehaved while the API was measured, and the
  // other mock really had nothing to deliver.
  expect(states.sending ?? 0).toBeGreaterThan(0)
  expect(states.failed ?? 0).toBeGreaterThan(0)
  expect(calmDeliveries.data).toEqual([])
  expect(median(ratios)).toBeLessThanOrEqual(BOUND)
})
