import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HEADERS, tempDir } from './helpers.js'
import { APPLICATION, OWNER_HEADERS, PARTNER_HEADERS } from './marketplace-helpers.js'
import { startCli } from './mock-process.js'

const JSON_HEADERS = { 'content-type': 'application/json' }
const PAYMENT = {
  salon_id: 55,
  application_id: 7,
  currency_iso: 'EUR',
  payment_sum: 10,
  payment_date: '2026-05-01 10:00:00',
  period_from: '2026-05-01 10:00:00',
  period_to: '2026-06-01 10:00:00',
}

async function call(url: string, init: { method?: string; headers?: object; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : JSON_HEADERS), ...init.headers } as Record<
      string,
      string
    >,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  return { status: res.status, body: (await res.json()) as { data: unknown } }
}

describe('marketplace state in a real process', () => {
  it('survives a kill -9 right after the answers, and a clean restart', async () => {
    const dir = await tempDir()
    const data = join(dir, 'db.json')
    const apps = join(dir, 'apps.json')
    // No callback receiver: the callbacks fail in transport; the state is what matters here.
    await writeFile(apps, JSON.stringify([{ ...APPLICATION, callback_url: null }]))
    const args = ['--port', '0', '--data', data, '--applications', apps, '--log-level', 'silent']

    let mock = await startCli(args)
    const status = () =>
      call(`${mock.url}/marketplace/salon/55/application/7`, { headers: PARTNER_HEADERS })
    const settings = () => call(`${mock.url}/api/v1/hooks_settings/55`, { headers: HEADERS })
    const grant = await call(
      `${mock.url}/api/v1/company/55/marketplace/applications/7/grant_access`,
      {
        method: 'POST',
        headers: OWNER_HEADERS,
      },
    )
    expect(grant.status).toBe(200)
    const activated = await call(`${mock.url}/marketplace/partner/callback`, {
      method: 'POST',
      headers: PARTNER_HEADERS,
      body: { salon_id: 55, application_id: 7, webhook_urls: ['https://p.example/hooks'] },
    })
    expect(activated.status).toBe(201)
    expect(
      (
        await call(`${mock.url}/__mock/locations/55/applications/7/events`, {
          method: 'POST',
          body: { event: 'freeze' },
        })
      ).status,
    ).toBe(200)
    const paid = await call(`${mock.url}/marketplace/partner/payment`, {
      method: 'POST',
      headers: PARTNER_HEADERS,
      body: PAYMENT,
    })
    expect(paid.status).toBe(200)
    const before = await status()
    const settingsBefore = await settings()
    expect(before.status).toBe(200)
    expect((before.body.data as { logs: unknown[] }).logs).toHaveLength(4)

    mock.child.kill('SIGKILL')
    await mock.exited
    mock = await startCli(args)
    expect(await status()).toEqual(before)
    expect(await settings()).toEqual(settingsBefore)

    const uninstalled = await call(`${mock.url}/marketplace/salon/55/application/7/uninstall`, {
      method: 'POST',
      headers: PARTNER_HEADERS,
    })
    expect(uninstalled.status).toBe(200)
    mock.child.kill('SIGTERM')
    expect((await mock.exited).code).toBe(0)
    mock = await startCli(args)
    expect((await status()).status).toBe(404)
    const record = await call(`${mock.url}/__mock/locations/55/applications/7`)
    expect(record.body.data).toMatchObject({ status: 'uninstalled', webhook_urls: [] })
    expect((record.body.data as { logs: unknown[] }).logs).toHaveLength(5)
    expect(((await settings()).body.data as { urls: string[] }).urls).toEqual([''])
    // A new install after the restart: payment ids go on from the highest stored.
    await call(`${mock.url}/__mock/locations/55/applications/7/grant`, { method: 'POST' })
    await call(`${mock.url}/marketplace/partner/callback`, {
      method: 'POST',
      headers: PARTNER_HEADERS,
      body: { salon_id: 55, application_id: 7 },
    })
    const again = await call(`${mock.url}/marketplace/partner/payment`, {
      method: 'POST',
      headers: PARTNER_HEADERS,
      body: { ...PAYMENT, payment_sum: 20 },
    })
    expect(again.body.data).toEqual({ id: 2 })
  })
})
