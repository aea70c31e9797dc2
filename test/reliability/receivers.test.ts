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
 * Stated bound: the GET p99 while receivers misbehave <= 1.5 x the GET p99
 * with no deliveries going on. Quiet and busy phases alternate, seven of each;
 * each round's busy p99 is divided by its own quiet one, so that whatever
 * else this shared machine does hits both sides of a ratio alike, and the
 * median of the seven ratios is held to the bound. Measured here: medians
 * of 1.1x to 1.4x, single rounds up to 1.9x, since deliveries are sent from a
 * lower-priority worker thread (medians of 1.8x to 2.7x when undici ran on the
 * API's thread).
 */
const BOUND = 1.5

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

/**
 * GETs at a steady 1000 per second (10 every 10 ms, open loop) for `seconds`;
 * the p99 in ms, to the microsecond. A steady rate measures how long a
 * request waits behind delivery work; a closed loop at full speed would only
 * measure that two busy processes share two cores.
 */
async function p99OfGets(url: string, seconds: number): Promise<number> {
  const { origin, pathname } = new URL(url)
  const pool = new Pool(origin, { connections: 10 })
  const times: number[] = []
  const pending: Promise<void>[] = []
  const get = async () => {
    const started = performance.now()
    const res = await pool.request({ method: 'GET', path: pathname, headers: HEADERS })
    await res.body.dump()
    expect(res.statusCode).toBe(200)
    times.push(performance.now() - started)
  }
  for (let tick = 0; tick < seconds * 100; tick++) {
    for (let i = 0; i < 10; i++) pending.push(get())
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await Promise.all(pending)
  await pool.close()
  times.sort((a, b) => a - b)
  return Number((times[Math.floor(times.length * 0.99)] as number).toFixed(3))
}

it("keeps the API's p99 within 1.5x while receivers hang, crawl, refuse and fail", async () => {
  const mock = await startCli([
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
  const put = (id: number, urls: string[]) =>
    fetch(`${mock.url}/__mock/locations/${id}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fullBody(urls, { record: 1 })),
    })
  const seed = async () => {
    for (const [i, url] of receivers.entries()) await put(i + 1, [url])
    await put(100, ['https://unused.example/'])
  }
  const gets = () => p99OfGets(`${mock.url}/api/v1/hooks_settings/100`, 4)

  const endDeliveries = async () => {
    expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(200)
    await seed()
    await sleep(1000)
  }

  // Warm-up, deliveries included: the delivery thread starts on the first one.
  await seed()
  bad.stdin.write(`start ${mock.url}\n`)
  await p99OfGets(`${mock.url}/api/v1/hooks_settings/100`, 4)
  bad.stdin.write('stop\n')
  await lines.next()
  await endDeliveries()
  await p99OfGets(`${mock.url}/api/v1/hooks_settings/100`, 6)
  const quiet: number[] = []
  const busy: number[] = []
  const states: Record<string, number> = {}
  // Seven rounds, not five: single rounds range from 0.9x to 1.9x, and with
  // five the median of one run reached 1.4x (1.16x and 1.19x in others).
  for (let round = 0; round < 7; round++) {
    quiet.push(await gets())
    // 60 events a second to the four bad receivers, from the child process
    // (each failing one is attempted three times, so ~130 attempts a second).
    bad.stdin.write(`start ${mock.url}\n`)
    await sleep(1000)
    busy.push(await gets())
    bad.stdin.write('stop\n')
    await lines.next()
    const deliveries = (await (await fetch(`${mock.url}/__mock/deliveries`)).json()) as {
      data: { state: string }[]
    }
    for (const { state } of deliveries.data) states[state] = (states[state] ?? 0) + 1
    // End every delivery, so the next quiet phase has none going on.
    await endDeliveries()
  }
  const ratios = busy.map((b, i) => Number((b / (quiet[i] as number)).toFixed(2)))
  console.log(
    `GET p99 quiet ${JSON.stringify(quiet)} ms, with bad receivers ${JSON.stringify(busy)} ms; ratios ${JSON.stringify(ratios)}, median ${median(ratios)}x (bound ${BOUND}x); deliveries by state ${JSON.stringify(states)}`,
  )
  // The receivers really misbehaved while the API was measured.
  expect(states.sending ?? 0).toBeGreaterThan(0)
  expect(states.failed ?? 0).toBeGreaterThan(0)
  expect(median(ratios)).toBeLessThanOrEqual(BOUND)
})
