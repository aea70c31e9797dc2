import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HEADERS, tempDir, V2 } from '../helpers.js'
import { type MockProcess, runCli, startCli } from '../mock-process.js'

const TOKEN = 'crash-crm-token'
const PARTNER = { authorization: 'Bearer partner-token', accept: V2 }
const INTEGRATIONS = [{ crm_token: TOKEN, routes: [{ diversion: '13155550176', location_id: 88 }] }]
const CALLS = '/api/v1/voip/integration/calls?salon_id=88&date_from=2026-01-01&date_to=2026-12-31'

async function call(url: string, init: { method?: string; headers?: object; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    } as Record<string, string>,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  return { status: res.status, body: (await res.json()) as { data: unknown } }
}

const post = (mock: MockProcess, body: Record<string, unknown>) =>
  call(`${mock.url}/api/v1/voip/integration`, {
    method: 'POST',
    headers: PARTNER,
    body: { crm_token: TOKEN, ...body },
  })

const history = (mock: MockProcess, n: number) =>
  post(mock, {
    command: 'history',
    type: 'incoming',
    phone: `+1555000${String(n).padStart(4, '0')}`,
    diversion: '13155550176',
    duration: n,
    date: `2026-05-01T10:${String(n % 60).padStart(2, '0')}:00+00:00`,
  })

describe('VoIP state in a real process', () => {
  it('survives a kill -9 right after the 202s, and a clean restart', async () => {
    const dir = await tempDir()
    const data = join(dir, 'db.json')
    const file = join(dir, 'voip.json')
    await writeFile(file, JSON.stringify(INTEGRATIONS))
    const args = [
      '--port',
      '0',
      '--data',
      data,
      '--voip-integrations',
      file,
      '--log-level',
      'silent',
    ]

    let mock = await startCli(args)
    expect((await post(mock, { command: 'setup', type: 'enable' })).status).toBe(202)
    const accepted = await Promise.all(Array.from({ length: 20 }, (_, n) => history(mock, n)))
    expect(accepted.map((answer) => answer.status)).toEqual(Array(20).fill(202))
    const integrations = () => call(`${mock.url}/__mock/voip/integrations`)
    const calls = () => call(`${mock.url}${CALLS}&limit=100`, { headers: HEADERS })
    const before = await calls()
    expect((before.body.data as unknown[]).length).toBe(20)
    const tokensBefore = await integrations()
    expect(tokensBefore.body.data).toEqual([
      { ...INTEGRATIONS[0], enabled: true, application_id: null },
    ])

    mock.child.kill('SIGKILL')
    await mock.exited
    mock = await startCli(args)
    expect(await calls()).toEqual(before)
    // The start file registers its token again; the partner's setup/enable stays.
    expect(await integrations()).toEqual(tokensBefore)

    expect((await history(mock, 20)).status).toBe(202)
    expect((await post(mock, { command: 'setup', type: 'disable' })).status).toBe(202)
    mock.child.kill('SIGTERM')
    expect((await mock.exited).code).toBe(0)
    const withoutFile = ['--port', '0', '--data', data, '--log-level', 'silent']
    mock = await startCli(withoutFile)
    const after = await calls()
    expect((after.body.data as { id: number }[]).map((c) => c.id)).toEqual(
      Array.from({ length: 21 }, (_, i) => 21 - i),
    )
    expect((await integrations()).body.data).toEqual([
      { ...INTEGRATIONS[0], enabled: false, application_id: null },
    ])
  })

  it('refuses to start with a broken --voip-integrations file, saying what is wrong', async () => {
    const dir = await tempDir()
    const file = join(dir, 'voip.json')
    await writeFile(file, JSON.stringify([{ crm_token: TOKEN, routes: [{ location_id: 0 }] }]))
    const run = await runCli(['--port', '0', '--data', ':memory:', '--voip-integrations', file])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain(
      `--voip-integrations ${file}: entry 0.routes.0.location_id must be a positive integer up to 999999999999999, the location id, got 0. It must be a JSON list such as [{"crm_token": "...", "routes": [{"diversion": "+13155550176", "location_id": 123}]}].`,
    )
    const none = join(dir, 'none.json')
    const missing = await runCli(['--port', '0', '--voip-integrations', none])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain(
      `--voip-integrations ${none} cannot be read: ENOENT: no such file or directory, open '${none}'.`,
    )
  })
})
