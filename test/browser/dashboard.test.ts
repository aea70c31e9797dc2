// The dashboard in a real headless Chromium: live entries without a reload,
// a failed delivery, a fault added from the page, filters kept in the URL.
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { HEADERS } from '../helpers.js'
import { startCli } from '../mock-process.js'
import { startReceiver } from '../receiver.js'

const shot = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url))
let browser: Browser

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
})
afterAll(() => browser?.close())

const entry = (page: Page, id: string) => page.locator(`li.entry[data-id="${id}"]`)

it('shows the live timeline, a failed delivery, a fault added from the page, and keeps its filters in the URL', async () => {
  const ok = await startReceiver()
  const failing = await startReceiver(() => 503)
  const mock = await startCli([
    '--port',
    '0',
    '--data',
    ':memory:',
    '--delivery-retries',
    '1',
    '--delivery-retry-delay-ms',
    '100',
  ])
  const api = (path: string, init: RequestInit = {}) => fetch(`${mock.url}${path}`, init)
  const json = { 'content-type': 'application/json' }
  await api('/__mock/locations/7/settings', {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({
      url_settings: [
        { url: ok.url, active: 1, record: 1, client: 1 },
        { url: failing.url, active: 1, record: 1 },
      ],
    }),
  })
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(`${mock.url}/__mock/dashboard?location=7`)
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 })

  // The settings as a URL x resource table.
  const cell = (url: string, flag: string) => page.locator(`td[title="${url}: ${flag} on"]`)
  await cell(ok.url, 'client').waitFor({ timeout: 5000 })
  expect(await cell(ok.url, 'client').count()).toBe(1)
  expect(await cell(failing.url, 'client').count()).toBe(0)
  expect(await cell(failing.url, 'record').count()).toBe(1)

  // An event triggered over HTTP: its entry, both deliveries and their attempts, no reload.
  const triggered = await api('/__mock/locations/7/events', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ resource: 'record', status: 'create', resource_id: 1 }),
  })
  expect(triggered.status).toBe(202)
  const started = Date.now()
  await entry(page, 'attempt:1.1').waitFor({ timeout: 2000 })
  await entry(page, 'attempt:2.2').waitFor({ timeout: 2000 - (Date.now() - started) })
  expect(await page.locator('li.entry.kind-trigger .summary').textContent()).toBe(
    'trigger record create 1: deliveries 1, 2',
  )
  expect(await entry(page, 'delivery:2').locator('.summary').textContent()).toBe(
    `delivery 2: record create 1 to ${failing.url}`,
  )
  // The failed delivery: both attempts failed, the last says so.
  expect(await entry(page, 'attempt:2.1').getAttribute('class')).toContain('failed')
  expect(await entry(page, 'attempt:2.2').locator('.summary').textContent()).toMatch(
    new RegExp(
      `^attempt 2 of delivery 2 \\(record create\\) to ${failing.url}: HTTP 503, [0-9.]+ ms, failed$`,
    ),
  )
  expect(await entry(page, 'attempt:1.1').getAttribute('class')).not.toContain('failed')
  // Cause and effect: the delivery links to its trigger; its payload folds open.
  const delivery = entry(page, 'delivery:2')
  expect(await delivery.locator('.links').textContent()).toMatch(
    /^cause trigger:\d+\s*effects attempt:2\.1\s*attempt:2\.2\s*$/,
  )
  await delivery.getByText('Payload and delivery').click()
  expect(await delivery.locator('.json-key', { hasText: 'resource_id:' }).first().isVisible()).toBe(
    true,
  )

  // The failed delivery, redelivered by its button: the new delivery names it, its attempt follows.
  await page.getByRole('button', { name: 'Redeliver delivery 2' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: 'Delivery 2 redelivered as delivery 3' })
    .waitFor({ timeout: 2000 })
  await entry(page, 'attempt:3.1').waitFor({ timeout: 2000 })
  expect(await entry(page, 'delivery:3').locator('.summary').textContent()).toBe(
    `delivery 3: record create 1 to ${failing.url} (redelivery of 2)`,
  )
  expect(await entry(page, 'delivery:3').locator('.links').textContent()).toMatch(
    /^cause delivery:2\s*effects attempt:3\.1/,
  )
  expect(await entry(page, 'attempt:3.1').locator('.summary').textContent()).toMatch(
    new RegExp(`^attempt 1 of delivery 3 \\(record create\\) to ${failing.url}: HTTP 503, `),
  )
  await page.screenshot({ path: shot('dashboard.png') })

  // A fault added from the page: the next API request fails, and the timeline says why.
  await page.getByLabel('Fault status').fill('503')
  await page.getByLabel('Times').fill('1')
  await page.getByRole('button', { name: 'Add fault' }).click()
  await page.getByRole('status').filter({ hasText: 'Fault 1 added' }).waitFor({ timeout: 5000 })
  const refused = await api('/api/v1/hooks_settings/7', { headers: HEADERS })
  expect(refused.status).toBe(503)
  const request = entry(page, 'request:1')
  await request.waitFor({ timeout: 2000 })
  expect(await request.getAttribute('class')).toContain('failed')
  expect(await request.locator('.summary').textContent()).toMatch(
    /^GET \/api\/v1\/hooks_settings\/7 -> 503 \(fault 1\), [0-9.]+ ms$/,
  )
  await request.locator('.why', { hasText: 'fired 1 of 1 times' }).waitFor({ timeout: 2000 })
  expect(await request.locator('.why').textContent()).toBe(
    'Answered by fault 1: status 503, fired 1 of 1 times',
  )
  // The fault's own line, with its count; removed by its button.
  await page
    .getByText('Fault 1: status 503 on hooks_settings, fired 1 of 1 times (spent)')
    .waitFor()
  await page.getByRole('button', { name: 'Remove fault 1' }).click()
  await page.getByText('No faults.').waitFor({ timeout: 5000 })
  expect(await (await api('/__mock/faults')).json()).toEqual({
    success: true,
    data: [],
    meta: { count: 0 },
  })

  // The trigger button, from the keyboard.
  await page.getByLabel('Resource id').fill('5')
  await page.getByRole('button', { name: 'Trigger event' }).focus()
  await page.keyboard.press('Enter')
  await page.getByRole('status').filter({ hasText: 'Triggered: deliveries 4, 5' }).waitFor()
  await entry(page, 'delivery:5').waitFor({ timeout: 2000 })

  // Filters: failed only and a text search, kept over a reload.
  await page.getByLabel('Failed only').check()
  await page.getByLabel('Search').fill(failing.url)
  await expect
    .poll(() => new URL(page.url()).search)
    .toBe(`?location=7&failed=1&q=${encodeURIComponent(failing.url)}`)
  await page.reload()
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 })
  expect(await page.getByLabel('Failed only').isChecked()).toBe(true)
  expect(await page.getByLabel('Search').inputValue()).toBe(failing.url)
  await entry(page, 'attempt:2.2').waitFor({ timeout: 2000 })
  const shown = await page
    .locator('li.entry')
    .evaluateAll((items) =>
      items.map((item) => [item.getAttribute('data-id'), item.classList.contains('failed')]),
    )
  expect(shown.length).toBeGreaterThan(0)
  expect(shown.filter(([, failed]) => !failed)).toEqual([])
  expect(shown.map(([id]) => id)).not.toContain('attempt:1.1')

  // Narrow: one column, still readable.
  await page.setViewportSize({ width: 420, height: 800 })
  await page.getByLabel('Failed only').uncheck()
  await page.getByLabel('Search').fill('')
  await page.screenshot({ path: shot('dashboard-narrow.png') })

  // Reset from the page: the location's settings are gone.
  await page.getByRole('button', { name: 'Reset location 7' }).click()
  await page.getByText('No settings saved for this location.').waitFor({ timeout: 5000 })
  const flags = Object.fromEntries(
    [
      'salon',
      'service_category',
      'service',
      'good',
      'master',
      'client',
      'record',
      'goods_operations_sale',
      'goods_operations_receipt',
      'goods_operations_consumable',
      'goods_operations_stolen',
      'goods_operations_move',
      'finances_operation',
      'loyalty_card',
      'schedule',
      'self_sending',
    ].map((flag) => [flag, 0]),
  )
  expect(await (await api('/__mock/locations/7/settings')).json()).toEqual({
    success: true,
    data: { urls: [''], active: 0, ...flags, company_id: 7, url_settings: [] },
    meta: [],
  })

  // Everything came from the mock itself.
  const origin = new URL(mock.url).origin
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([])
})
