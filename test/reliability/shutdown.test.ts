// Issue 11, shutdown: SIGTERM while tests wait for deliveries and a webhook
// hangs, against the real process.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { parseDataFile } from '../../src/store/data-file.js'
import { fullBody, HEADERS, tempDir } from '../helpers.js'
import { startCli } from '../mock-process.js'
import { startReceiver } from '../receiver.js'

const JSON_HEADERS = { 'content-type': 'application/json' }
/** Every wait asks for ten minutes, the most the route allows: only the shutdown ends them. */
const WAIT_MS = 600_000
/** How long a waiter may be kept once SIGTERM is sent, and the process may take to exit. */
const ANSWERED_WITHIN_MS = 1000
const EXITED_WITHIN_MS = 2000
const GIVE_UP_MS = 15_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

it('SIGTERM with ten parked waiters and a hanging webhook: each wait gets a 409, exit 0 within 2 s, the file reopens as it was', async () => {
  const dir = await tempDir()
  const file = join(dir, 'db.json')
  const args = ['--port', '0', '--data', file, '--log-level', 'warn']
  const mock = await startCli([...args, '--delivery-timeout-ms', '600000'])
  const receiver = await startReceiver(() => 'hang')

  // Three locations whose settings must survive: two send to the receiver.
  const bodies = {
    1: fullBody([receiver.url], { record: 1 }),
    2: fullBody([receiver.url, 'https://other.example/hooks'], { record: 1, client: 1 }),
    3: { ...fullBody(['https://third.example/hooks']), active: 0 },
  }
  for (const [id, body] of Object.entries(bodies)) {
    const res = await fetch(`${mock.url}/api/v1/hooks_settings/${id}`, {
      method: 'POST',
      headers: { ...HEADERS, ...JSON_HEADERS },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(201)
  }
  const read = async (url: string) =>
    Promise.all(
      Object.keys(bodies).map(async (id) => {
        const res = await fetch(`${url}/api/v1/hooks_settings/${id}`, { headers: HEADERS })
        return { status: res.status, body: await res.json() }
      }),
    )
  const before = await read(mock.url)

  // A webhook in flight to a receiver that never answers.
  const event = await fetch(`${mock.url}/__mock/locations/1/events`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ resource: 'record', status: 'create', resource_id: 1 }),
  })
  expect(event.status).toBe(202)
  for (let waited = 0; receiver.received.length === 0 && waited < 10_000; waited += 20) {
    await sleep(20)
  }
  expect(receiver.received).toHaveLength(1)

  // Ten waits, each on a connection of its own, that nothing else would end.
  const filters = [
    { location_id: 1 },
    { location_id: 1, state: 'delivered' },
    { location_id: 2 },
    { location_id: 3, count: 3 },
    { resource: 'record' },
    { resource: 'client', status: 'update' },
    { state: 'failed' },
    { url: receiver.url },
    { count: 10_000 },
    {},
  ]
  const waits = filters.map(async (filter) => {
    const res = await fetch(`${mock.url}/__mock/deliveries/wait`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ ...filter, timeout_ms: WAIT_MS }),
    })
    const answeredAt = Date.now()
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: await res.json(),
      answeredAt,
    }
  })
  // Should the test fail before they end, their failure is not reported a second time.
  for (const wait of waits) wait.catch(() => {})
  await sleep(500)
  const pending = await fetch(`${mock.url}/__mock/deliveries?state=sending`)
  expect(((await pending.json()) as { meta: { total: number } }).meta.total).toBe(1)

  const signalled = Date.now()
  mock.child.kill('SIGTERM')
  // Bounded, so that a mock that keeps them fails here, not at the test's timeout.
  const answers = await Promise.race([
    Promise.all(waits),
    sleep(GIVE_UP_MS).then(() => {
      throw new Error(`the waits were not answered within ${GIVE_UP_MS} ms of SIGTERM`)
    }),
  ])
  const { code, signal } = await mock.exited
  const exitMs = Date.now() - signalled
  const slowest = Math.max(...answers.map((a) => a.answeredAt - signalled))
  console.log(`10 waits answered within ${slowest} ms of SIGTERM; exit after ${exitMs} ms`)

  for (const { answeredAt: _, ...answer } of answers) {
    expect(answer).toEqual({
      status: 409,
      type: 'application/json; charset=utf-8',
      body: { success: false, data: null, meta: { message: 'Wait ended: the mock is stopping.' } },
    })
  }
  expect(slowest).toBeLessThan(ANSWERED_WITHIN_MS)
  expect({ code, signal }).toEqual({ code: 0, signal: null })
  expect(exitMs).toBeLessThan(EXITED_WITHIN_MS)
  expect(mock.stderr()).toBe('')

  // A clean stop leaves the data file alone: no log, no lock.
  expect((await readdir(dir)).sort()).toEqual(['db.json'])
  const state = parseDataFile(file, await readFile(file, 'utf8'))
  expect([...state.locations.keys()]).toEqual(['1', '2', '3'])

  const again = await startCli(args)
  expect(await read(again.url)).toEqual(before)
})
