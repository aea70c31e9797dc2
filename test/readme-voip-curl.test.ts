import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { startCli } from './mock-process.js'
import { startReceiver } from './receiver.js'

const SCRIPT = fileURLToPath(new URL('../examples/voip-walkthrough.sh', import.meta.url))
const ACCEPTED = { success: true, data: null, meta: { message: 'Accepted' } }

it("the README's VoIP walkthrough: a telephony app installed, a known client's call shown, saved, listed, then refused once disabled", async () => {
  const mock = await startCli(['--port', '0', '--data', ':memory:'])
  const app = await startReceiver()
  const base = app.url.replace(/\/hooks$/, '')
  const { stdout } = await promisify(execFile)('sh', [SCRIPT], {
    env: { ...process.env, MOCK: mock.url, APP: base },
  })
  // The last answer is shown with its headers (curl -i): the refusal.
  const [json, refusal = ''] = stdout.trimEnd().split(/\n(?=HTTP\/1\.1 )/)
  const answers = (json ?? '')
    .split('\n')
    .map((line) => JSON.parse(line) as { success: boolean; data: unknown; meta: unknown })
  expect(answers.map((a) => a.success)).toEqual(Array(11).fill(true))
  const [, , , tokens, enabled, fixed, shown, waited, saved, calls, disabled] = answers
  const token = ((tokens?.data ?? []) as { crm_token: string }[])[0]?.crm_token
  expect(tokens?.data).toEqual([
    { crm_token: token, routes: [{ location_id: 123 }], enabled: false, application_id: 9 },
  ])
  expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/)
  for (const answer of [enabled, shown, saved, disabled]) expect(answer).toEqual(ACCEPTED)
  const client = fixed?.data as { id: number; name: string; email: string }
  expect(fixed?.data).toMatchObject({ phone: '+13155550142', fixed: true })
  expect(waited?.data).toEqual([
    {
      id: 1,
      location_id: 123,
      staff_id: null,
      crm_token: token,
      phone: '+1 315 555 0142',
      diversion: '13155550100',
      user: null,
      client: { id: client?.id, name: client?.name, phone: '+13155550142', email: client?.email },
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:00$/),
    },
  ])
  expect(calls).toEqual({
    success: true,
    data: [
      {
        id: 1,
        client_id: client?.id,
        caller_phone: '+1 315 555 0142',
        record_link: '',
        duration: 90,
        status: 'success',
        type: 'incoming',
        call_date: expect.stringMatching(/^2026-05-01T\d{2}:00:00[+-]\d{2}:00$/),
      },
    ],
    meta: { count: 1, total_count: 1 },
  })
  expect(refusal).toMatch(/^HTTP\/1\.1 422 /)
  expect(refusal).toMatch(/\r\nx-mock-warnings: \["integration-disabled: /i)
  expect(JSON.parse(refusal.split('\r\n\r\n')[1] ?? '')).toEqual({
    success: false,
    data: null,
    meta: {
      message: 'An error has occurred.',
      errors: {
        crm_token: [
          'crm_token names an integration that is disabled: send {"command": "setup", "type": "enable"} with this crm_token first.',
        ],
      },
    },
  })
})
