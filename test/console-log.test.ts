import { describe, expect, it } from 'vitest'
import { fullBody } from './helpers.js'
import { APPLICATION } from './marketplace-helpers.js'
import { type MockProcess, startCli } from './mock-process.js'
import { startReceiver } from './receiver.js'

const post = (mock: MockProcess, path: string, body: unknown) =>
  fetch(`${mock.url}${path}`, {
    method: path.includes('settings') ? 'PUT' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

/** A failed delivery, a delivered one, a skipped event, a refused request and a grant. */
async function story(mock: MockProcess): Promise<{ failing: string; ok: string }> {
  const failing = await startReceiver(() => 500)
  const ok = await startReceiver(() => 200)
  await post(mock, '/__mock/locations/3/settings', fullBody([failing.url], { client: 1 }))
  await post(mock, '/__mock/locations/4/settings', fullBody([ok.url], { client: 1 }))
  const event = { resource: 'client', status: 'create', resource_id: 77, data: { id: 77 } }
  await post(mock, '/__mock/locations/3/events', event)
  await post(mock, '/__mock/locations/4/events', event)
  await post(mock, '/__mock/locations/4/events', { ...event, resource: 'record' })
  const wait = await post(mock, '/__mock/deliveries/wait', { count: 2 })
  expect(wait.status).toBe(200)
  const refused = await fetch(`${mock.url}/api/v1/hooks_settings/3`)
  expect(refused.status).toBe(401)
  expect((await post(mock, '/__mock/applications', APPLICATION)).status).toBe(201)
  expect((await post(mock, '/__mock/locations/55/applications/7/grant', {})).status).toBe(200)
  return { failing: failing.url, ok: ok.url }
}

const ARGS = ['--port', '0', '--data', ':memory:', '--delivery-retries', '2']
const ENV = { LOG_LEVEL: 'info', DELIVERY_RETRY_DELAY_MS: '10', CHECK_RESPONSES: 'false' }

/** The lines once the grant's has come, without the pretty clock. */
async function lines(mock: MockProcess, pattern: RegExp): Promise<string[]> {
  await expect.poll(() => pattern.test(mock.stdout()), { timeout: 5000 }).toBe(true)
  return mock.stdout().trimEnd().split('\n')
}

describe('the console at info', () => {
  it('prints one readable line per delivery, skipped event, refused request and transition', async () => {
    const mock = await startCli([...ARGS, '--log-format', 'pretty', '--rate-limit', '1/min'], ENV)
    const { failing, ok } = await story(mock)
    expect((await fetch(`${mock.url}/api/v1/hooks_settings/3`)).status).toBe(429)
    const out = await lines(mock, /: 429 /)
    const [start, ...rest] = out
    expect(start).toBe(`altegio-hooks-mock listening on ${mock.url} (in memory only)`)
    for (const line of rest) expect(line).toMatch(/^\d\d:\d\d:\d\d (INFO |WARN ) /)
    // Whole lines: the fields the message already says are not repeated after it.
    const text = `\n${rest.map((line) => line.slice(9)).join('\n')}\n`
    expect(text).toContain(
      `\nWARN  delivery 1 (client create at location 3) to ${failing} failed: HTTP 500 after 3 attempts\n`,
    )
    expect(text).toContain(
      `\nINFO  delivery 2 (client create at location 4) to ${ok} delivered: HTTP 200 after 1 attempt\n`,
    )
    expect(text).toContain(
      '\nINFO  event skipped: record create 77 at location 4: record is 0: record events are not sent\n',
    )
    expect(text).toContain(
      '\nINFO  refused GET /api/v1/hooks_settings/3: 401 Authentication needed. (no Authorization header; hooks_settings needs Authorization: Bearer <partner token>, User <user token>)\n',
    )
    expect(text).toContain(
      '\nINFO  marketplace: grant application 7 at location 55: uninstalled -> pending (marketplace)\n',
    )
    expect(text).toMatch(
      /\nINFO {2}refused GET \/api\/v1\/hooks_settings\/3: 429 Too many requests: over 1\/min for this client and partner token \(--rate-limit 1\/min\)\. Retry after \d+ s\.\n/,
    )
    expect(mock.stderr()).toBe('')
  })

  it('prints JSON lines for machines when stdout is not a terminal', async () => {
    const mock = await startCli(ARGS, ENV)
    const { failing } = await story(mock)
    const [start, ...rest] = await lines(mock, /marketplace: grant/)
    expect(start).toBe(`altegio-hooks-mock listening on ${mock.url} (in memory only)`)
    const entries = rest.map((line) => JSON.parse(line))
    expect(entries.map((e) => e.msg)).not.toContainEqual(expect.stringMatching(/Server listening/))
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 40,
        delivery_id: 1,
        state: 'failed',
        url: failing,
        attempts: 3,
        status_code: 500,
        error: null,
      }),
    )
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 30, delivery_id: 2, state: 'delivered', attempts: 1 }),
    )
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 30, location_id: 4, resource: 'record' }),
    )
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 30, status_code: 401, url: '/api/v1/hooks_settings/3' }),
    )
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 30,
        action: 'grant',
        status_from: 'uninstalled',
        status_to: 'pending',
      }),
    )
  })

  it('warns of an event the pending bound drops', async () => {
    const mock = await startCli(
      [...ARGS, '--max-pending-deliveries', '1', '--delivery-delay-ms', '10000'],
      { ...ENV, LOG_FORMAT: 'pretty' },
    )
    const ok = await startReceiver(() => 200)
    await post(mock, '/__mock/locations/4/settings', fullBody([ok.url], { client: 1 }))
    const event = { resource: 'client', status: 'create', resource_id: 77, data: { id: 77 } }
    await post(mock, '/__mock/locations/4/events', event)
    await post(mock, '/__mock/locations/4/events', event)
    const out = await lines(mock, /event skipped/)
    expect(out.at(-1)?.slice(9)).toBe(
      'WARN  event skipped: client create 77 at location 4: dropped: 1 deliveries are pending, the bound is 1 (--max-pending-deliveries)',
    )
  })
})
