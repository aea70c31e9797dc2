// docs/faults.md shows this file as it is; test/readme.test.ts keeps them equal.
import { type AltegioMock, startAltegioMock } from 'altegio-hooks-mock'
import { afterAll, beforeAll, expect, it } from 'vitest'

let mock: AltegioMock
const settingsUrl = () => `${mock.apiUrl}/hooks_settings/123`
const headers = {
  Authorization: 'Bearer partner-token, User user-token',
  Accept: 'application/vnd.api.v2+json',
  'Content-Type': 'application/json',
}

beforeAll(async () => {
  mock = await startAltegioMock()
})
afterAll(() => mock.close())

it('retries a POST the platform answers 503, and gets it saved', async () => {
  // The next two POSTs to location 123 fail, as an overloaded platform would.
  const fault = await mock.faults.add({ location_id: 123, method: 'POST', times: 2, status: 503 })

  // The integration's own retry loop, under test:
  const body = JSON.stringify({ urls: ['https://example.com/altegio'], active: 1, record: 1 })
  let res = await fetch(settingsUrl(), { method: 'POST', headers, body })
  for (let attempt = 1; res.status === 503 && attempt < 5; attempt++) {
    res = await fetch(settingsUrl(), { method: 'POST', headers, body })
  }

  expect(res.status).toBe(201)
  expect((await mock.faults.list())[0]).toMatchObject({ id: fault.id, fired: 2, active: false })
  expect((await mock.requests({ location_id: 123 })).map((r) => r.status_code)).toEqual([
    503, 503, 201,
  ])
})

it('tolerates a webhook delivered twice', async () => {
  await mock.seed(123, { urls: ['http://127.0.0.1:1/unreachable'], active: 1, record: 1 })
  // Every delivery of location 123 goes out twice, as the platform may send it.
  await mock.setOptions(123, { duplicate_every: 1 })
  const { delivery_ids } = await mock.trigger(123, {
    resource: 'record',
    status: 'create',
    resource_id: 456,
  })
  const [first, second] = await mock.deliveries.list({ location_id: 123 })
  expect(delivery_ids).toHaveLength(2)
  expect(second?.duplicate_of).toBe(first?.id)
  expect(second?.payload).toEqual(first?.payload)
})
