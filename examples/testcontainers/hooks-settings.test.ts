import {
  AltegioMockContainer,
  type StartedAltegioMockContainer,
} from 'altegio-hooks-mock/testcontainers'
import { afterAll, beforeAll, expect, it } from 'vitest'

// The mock's image: `docker build -t altegio-hooks-mock .` in its repository,
// or the tag CI built, in ALTEGIO_MOCK_IMAGE.
const IMAGE = process.env.ALTEGIO_MOCK_IMAGE ?? 'altegio-hooks-mock'
const HEADERS = {
  Authorization: 'Bearer partner-token, User user-token',
  'Content-Type': 'application/json',
}

let altegio: StartedAltegioMockContainer
beforeAll(async () => {
  // Location 123 already sends appointments to the integration, as in production.
  altegio = await new AltegioMockContainer(IMAGE)
    .withSettings(123, { urls: ['https://integration.example/altegio'], active: 1, record: 1 })
    .start()
}, 120_000)
afterAll(() => altegio.stop())

it('adds client events to what a location sends, keeping its appointments', async () => {
  // The integration under test would make these two calls, given altegio.getApiUrl().
  const url = `${altegio.getApiUrl()}/hooks_settings/123`
  const current = await fetch(url, { headers: HEADERS })
    .then((res) => res.json() as Promise<{ data: { urls: string[]; record: 0 | 1 } }>)
    .then((body) => body.data)
  const saved = await fetch(url, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({ urls: current.urls, active: 1, record: current.record, client: 1 }),
  })

  expect(saved.status).toBe(201)
  const settings = await altegio.client().settings(123)
  expect(settings).toMatchObject({
    urls: ['https://integration.example/altegio'],
    record: 1,
    client: 1,
  })
  expect(settings.url_settings).toHaveLength(1)
})
