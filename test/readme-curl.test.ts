import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { expectedSettings } from './helpers.js'
import { startCli } from './mock-process.js'
import { startReceiver } from './receiver.js'

const SCRIPT = fileURLToPath(new URL('../examples/curl-walkthrough.sh', import.meta.url))

it("the README's curl walkthrough seeds, triggers, waits for the delivery and resets", async () => {
  const mock = await startCli(['--port', '0', '--data', ':memory:'])
  const receiver = await startReceiver()
  const { stdout } = await promisify(execFile)('sh', [SCRIPT], {
    env: { ...process.env, MOCK: mock.url, HOOK_URL: receiver.url },
  })
  const [seeded, triggered, waited, reset] = stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line))
  expect(seeded).toEqual({
    success: true,
    data: expectedSettings({ urls: [receiver.url], active: 1, record: 1 }, 123),
    meta: [],
  })
  expect(triggered).toEqual({
    success: true,
    data: {
      delivery_ids: [1],
      events: [
        {
          resource: 'record',
          status: 'create',
          resource_id: 456,
          delivery_ids: [1],
          skipped: null,
          skipped_urls: [],
        },
      ],
    },
    meta: [],
  })
  expect(receiver.received).toMatchObject([
    { body: { company_id: 123, resource: 'record', resource_id: 456, status: 'create' } },
  ])
  expect(waited).toEqual({
    success: true,
    data: [
      {
        id: 1,
        location_id: 123,
        url: receiver.url,
        resource: 'record',
        status: 'create',
        resource_id: 456,
        self_caused: false,
        duplicate_of: null,
        redelivery_of: null,
        state: 'delivered',
        created_at: expect.any(String),
        finished_at: expect.any(String),
        payload: receiver.received[0]?.body,
        attempts: [
          {
            attempt: 1,
            started_at: expect.any(String),
            duration_ms: expect.any(Number),
            status_code: 200,
            error: null,
          },
        ],
      },
    ],
    meta: { count: 1 },
  })
  expect(reset).toEqual({ success: true, data: { reset: 123 }, meta: [] })
  // Reset: the location is as new.
  const after = await fetch(`${mock.url}/__mock/deliveries?location_id=123`)
  expect(((await after.json()) as { data: unknown[] }).data).toEqual([])
})
