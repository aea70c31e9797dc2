// The docs page in a real headless Chromium (Debian's, driven by
// playwright-core): both OpenAPI documents render from the mock itself, no CDN.
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCli } from '../mock-process.js'

const SCREENSHOT = fileURLToPath(new URL('../../docs/docs-page.png', import.meta.url))
let browser: Browser

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // This machine's network is closed: no background calls, no sandbox as root.
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

it('renders both OpenAPI documents at /__mock/docs, and switches between them', async () => {
  const mock = await startCli(['--port', '0', '--data', ':memory:'])
  const page = await browser.newPage({ viewport: { width: 1280, height: 620 } })
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(`${mock.url}/__mock/docs`)
  const operation = (path: string) =>
    page.locator('.opblock-summary-path', { hasText: path }).first()
  // The Altegio document comes first: hooks_settings (GET and POST), then the
  // marketplace routes of both hosts.
  await operation('/api/v1/hooks_settings/{location_id}').waitFor({ timeout: 20_000 })
  const methods = await page.locator('.opblock-summary-method').allInnerTexts()
  expect(methods.slice(0, 2)).toEqual(['GET', 'POST'])
  // Every operation of the document, each shown once.
  const document = (await (await fetch(`${mock.url}/__mock/altegio-openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>
  }
  const operations = Object.values(document.paths).flatMap((path) =>
    Object.keys(path).filter((key) => ['get', 'post', 'put', 'delete', 'patch'].includes(key)),
  )
  expect(operations.length).toBeGreaterThan(30)
  expect(methods).toHaveLength(operations.length)
  expect(await operation('/api/v1/voip/integration').isVisible()).toBe(true)
  expect(await operation('/api/v1/countries').isVisible()).toBe(true)
  expect(await operation('/marketplace/partner/callback').isVisible()).toBe(true)
  await page.screenshot({ path: SCREENSHOT })
  // The picker in the top bar switches to the mock's own document.
  await page.selectOption('.topbar select', { label: 'The mock (/__mock)' })
  await operation('/__mock/faults').waitFor({ timeout: 20_000 })
  expect(await operation('/__mock/deliveries/wait').isVisible()).toBe(true)
  // Everything came from the mock itself.
  const origin = new URL(mock.url).origin
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([])
})
