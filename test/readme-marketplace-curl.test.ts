import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { startCli } from './mock-process.js'
import { startReceiver } from './receiver.js'

const SCRIPT = fileURLToPath(new URL('../examples/marketplace-walkthrough.sh', import.meta.url))

it("the README's marketplace curl walkthrough installs, freezes, pays and uninstalls", async () => {
  const mock = await startCli(['--port', '0', '--data', ':memory:'])
  const app = await startReceiver()
  const base = app.url.replace(/\/hooks$/, '')
  const { stdout } = await promisify(execFile)('sh', [SCRIPT], {
    env: { ...process.env, MOCK: mock.url, APP: base },
  })
  const answers = stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { success: boolean; data: Record<string, unknown> })
  expect(answers.map((a) => a.success)).toEqual(Array(13).fill(true))
  const [, granted, , names, channel, record, , , paid, status, , waited, settings] = answers
  expect(granted?.data).toMatchObject({ salon_id: 123, application_id: 7, status: 'pending' })
  expect(String(granted?.data.redirect_url)).toMatch(
    new RegExp(`^${base}/register\\?salon_id=123&user_data=[^&]+&user_data_sign=[0-9a-f]{64}$`),
  )
  expect([names, channel]).toEqual([
    { success: true, data: null, meta: [] },
    { success: true, data: {}, meta: [] },
  ])
  expect(record?.data).toMatchObject({
    status: 'active',
    channels: ['sms'],
    short_names: ['SalonSMS'],
    activated_via: 'callback',
  })
  expect(paid?.data).toEqual({ id: 1 })
  expect(
    (status?.data.logs as { status_to: string }[] | undefined)?.map((log) => log.status_to),
  ).toEqual(['pending', 'active', 'freezed', 'active'])
  // The webhook reached the installed URL; the callbacks the app's callback_url
  // (two URLs, two lanes: in no promised order between them).
  const seen = app.received.map((r) => {
    const body = r.body as { resource?: string; event?: string }
    return `${r.path} ${body.event ?? body.resource}`
  })
  expect(seen.sort()).toEqual(['/lifecycle freeze', '/lifecycle uninstall', '/webhooks record'])
  expect(
    (waited?.data as unknown as { payload: { event: string } }[] | undefined)?.map(
      (d) => d.payload.event,
    ),
  ).toEqual(['freeze', 'uninstall'])
  // Uninstalled: the URL is gone from the location's settings.
  expect(settings?.data).toMatchObject({ urls: [''], url_settings: [] })
})
