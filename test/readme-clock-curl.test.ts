import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { startCli } from './mock-process.js'
import { startReceiver } from './receiver.js'

const SCRIPT = fileURLToPath(new URL('../examples/clock-walkthrough.sh', import.meta.url))

interface Answer {
  success: boolean
  data: Record<string, unknown> & {
    logs?: unknown[]
    connection_status?: unknown
  }
}

it("the README's clock walkthrough: a paid month runs out on the clock, a payment, a retry that waits for the clock", async () => {
  const mock = await startCli(['--port', '0', '--data', ':memory:'])
  // The freeze callback first (200), then the failing receiver's attempts (500).
  const app = await startReceiver((n) => (n === 1 ? 200 : 500))
  const base = app.url.replace(/\/hooks$/, '')
  const { stdout } = await promisify(execFile)('sh', [SCRIPT], {
    env: { ...process.env, MOCK: mock.url, APP: base },
  })
  const answers = stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Answer)
  expect(answers.map((a) => a.success)).toEqual(Array(16).fill(true))
  const [set, , , , , advanced, frozen, , active, , , settled, first, retried, second, real] =
    answers
  expect(set).toEqual({
    success: true,
    data: { now: '2026-01-01T00:00:00.000Z', mode: 'manual' },
    meta: [],
  })
  expect(advanced).toEqual({
    success: true,
    data: { now: '2026-02-01T00:00:00.000Z', mode: 'manual' },
    meta: [],
  })
  expect(frozen?.data.connection_status).toEqual({
    status: 'freezed',
    created_at: '2026-01-01 00:00:00',
  })
  // It froze when the paid month ended, as the platform's billing does.
  expect(frozen?.data.logs?.at(-1)).toEqual({
    changed_at: '2026-02-01 00:00:00',
    status_from: 'active',
    status_to: 'freezed',
    source: 'billing',
  })
  expect(active?.data.connection_status).toEqual({
    status: 'active',
    created_at: '2026-01-01 00:00:00',
  })
  expect(active?.data.logs?.at(-1)).toEqual({
    changed_at: '2026-02-01 00:00:00',
    status_from: 'freezed',
    status_to: 'active',
    source: 'billing',
  })
  expect(app.received.map((r) => [r.path, r.body])).toEqual([
    [
      '/lifecycle',
      { salon_id: 123, application_id: 7, event: 'freeze', partner_token: 'partner-token' },
    ],
    ['/failing', expect.objectContaining({ resource: 'record', resource_id: 456 })],
    ['/failing', expect.objectContaining({ resource: 'record', resource_id: 456 })],
  ])
  expect(settled?.data).toEqual({ now: '2026-02-01T00:00:00.000Z', mode: 'manual' })
  const attempts = (answer: Answer | undefined) => {
    const [delivery] = (answer?.data ?? []) as unknown as {
      state: string
      attempts: { started_at: string; status_code: number | null }[]
    }[]
    return {
      state: delivery?.state,
      attempts: delivery?.attempts.map(({ started_at, status_code }) => [started_at, status_code]),
    }
  }
  expect(attempts(first)).toEqual({
    state: 'retrying',
    attempts: [['2026-02-01T00:00:00.000Z', 500]],
  })
  expect(retried?.data).toEqual({ now: '2026-02-01T00:00:01.500Z', mode: 'manual' })
  expect(attempts(second)).toEqual({
    state: 'retrying',
    attempts: [
      ['2026-02-01T00:00:00.000Z', 500],
      ['2026-02-01T00:00:01.500Z', 500],
    ],
  })
  // Real again: the clock runs on from where it stood, so its answer may be a
  // few ms past 1.500 on a busy machine (CI read .501).
  expect(real?.data).toEqual({ now: expect.any(String), mode: 'real' })
  const ranOn = Date.parse(String(real?.data.now)) - Date.parse('2026-02-01T00:00:01.500Z')
  expect(ranOn).toBeGreaterThanOrEqual(0)
  expect(ranOn).toBeLessThan(2000)
})
