import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { expectedSettings, stored, tempDir } from './helpers.js'
import { startCli } from './mock-process.js'
import { startReceiver } from './receiver.js'

const SCRIPT = fileURLToPath(new URL('../examples/snapshots-walkthrough.sh', import.meta.url))

it("the README's snapshots walkthrough restores a snapshot, exports the state, and redelivers a failed webhook to a second receiver", async () => {
  const file = join(await tempDir(), 'db.json')
  const mock = await startCli(['--port', '0', '--data', file])
  const down = await startReceiver(() => 410)
  const receiver = await startReceiver()
  const { stdout } = await promisify(execFile)('sh', [SCRIPT], {
    env: { ...process.env, MOCK: mock.url, DOWN: down.url, HOOK_URL: receiver.url },
  })
  const answers = stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line))
  const [seeded, taken, reset, restored, state, triggered, failed, again, delivered, all] = answers
  const settings = { urls: [down.url], active: 1, record: 1 }
  expect(seeded).toEqual({ success: true, data: expectedSettings(settings, 123), meta: [] })
  const summary = {
    name: 'seeded',
    created_at: expect.any(String),
    bytes: expect.any(Number),
    entries: {
      locations: 1,
      applications: 0,
      installations: 0,
      clients: 0,
      location_options: 0,
      faults: 0,
    },
  }
  expect(taken).toEqual({ success: true, data: summary, meta: [] })
  expect(reset).toEqual({ success: true, data: { reset: 123 }, meta: [] })
  expect(restored).toEqual({ success: true, data: taken.data, meta: [] })
  const document = { version: 1, locations: { '123': stored(settings as never) } }
  expect(state).toEqual(document)
  expect(triggered.data.delivery_ids).toEqual([1])
  expect(failed.data).toMatchObject([
    { id: 1, state: 'failed', url: down.url, redelivery_of: null },
  ])
  expect(again).toEqual({ success: true, data: { delivery_id: 2 }, meta: [] })
  expect(delivered).toEqual({
    success: true,
    data: [
      {
        ...failed.data[0],
        id: 2,
        url: receiver.url,
        redelivery_of: 1,
        state: 'delivered',
        attempts: [expect.objectContaining({ attempt: 1, status_code: 200, error: null })],
        created_at: expect.any(String),
        finished_at: expect.any(String),
      },
    ],
    meta: { count: 1 },
  })
  expect(receiver.received.map((r) => r.body)).toEqual([failed.data[0].payload])
  expect(all).toEqual({ success: true, data: { delivery_ids: [3] }, meta: [] })
  expect(answers).toHaveLength(10)
  mock.child.kill('SIGTERM')
  expect((await mock.exited).code).toBe(0)
  expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ locations: document.locations })
})
