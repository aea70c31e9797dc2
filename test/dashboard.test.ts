// GET /__mock/dashboard: the page and its two files, built from src/dashboard/.
import { expect, it } from 'vitest'
import {
  FAULT_ROUTES as PAGE_FAULT_ROUTES,
  RESOURCES as PAGE_RESOURCES,
  STATUSES,
} from '../src/dashboard/constants.js'
import { EVENT_STATUSES, RESOURCES } from '../src/schemas/event.js'
import { FAULT_ROUTES } from '../src/schemas/faults.js'
import { testApp } from './helpers.js'

it('serves the page, with a policy that lets it load nothing from another origin', async () => {
  const { app } = await testApp()
  const page = await app.inject({ method: 'GET', url: '/__mock/dashboard?location=7&failed=1' })
  expect(page.statusCode).toBe(200)
  expect([page.headers['content-type'], page.headers['content-security-policy']]).toEqual([
    'text/html; charset=utf-8',
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
  ])
  expect(page.body).toContain(
    '<script type="module" src="/__mock/dashboard/dashboard.js"></script>',
  )
  expect(page.body).toContain('<link rel="stylesheet" href="/__mock/dashboard/dashboard.css">')
  expect(page.body).not.toMatch(/https?:\/\//)
})

it('serves the script and the style, bundled (no import left to resolve)', async () => {
  const { app } = await testApp()
  const script = await app.inject({ method: 'GET', url: '/__mock/dashboard/dashboard.js' })
  expect([script.statusCode, script.headers['content-type']]).toEqual([
    200,
    'text/javascript; charset=utf-8',
  ])
  expect(script.body).toContain('/events/stream')
  expect(script.body).not.toMatch(/\bimport\s*[{"'*]|from\s*["']preact/)
  const style = await app.inject({ method: 'GET', url: '/__mock/dashboard/dashboard.css' })
  expect([style.statusCode, style.headers['content-type']]).toEqual([
    200,
    'text/css; charset=utf-8',
  ])
  expect(style.body).toContain('.entry')
})

it('answers 404 in the envelope for any other file', async () => {
  const { app } = await testApp()
  const response = await app.inject({ method: 'GET', url: '/__mock/dashboard/secret.txt' })
  expect([response.statusCode, response.json()]).toEqual([
    404,
    {
      success: false,
      data: null,
      meta: {
        message:
          "No /__mock/dashboard/secret.txt: the dashboard's files are dashboard.js and dashboard.css. Open /__mock/dashboard.",
      },
    },
  ])
})

it("offers the trigger's resources and statuses, and the fault routes, as the schemas name them", () => {
  expect([...PAGE_RESOURCES]).toEqual(RESOURCES)
  expect([...STATUSES]).toEqual([...EVENT_STATUSES])
  expect([...PAGE_FAULT_ROUTES]).toEqual([...FAULT_ROUTES])
})
