// The README shows this file as it is; test/readme.test.ts keeps them equal.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AltegioMock, startAltegioMock } from 'altegio-hooks-mock'
import { afterAll, beforeAll, expect, it } from 'vitest'

let mock: AltegioMock
const received: unknown[] = []
// The integration's webhook endpoint: here, a bare local HTTP server.
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    received.push(JSON.parse(body))
    res.writeHead(200).end()
  })
})

beforeAll(async () => {
  mock = await startAltegioMock() // free port, settings in memory, no delivery delay
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await mock.close()
  receiver.close()
})

it('delivers an appointment event to the URL the integration subscribed', async () => {
  const { port } = receiver.address() as AddressInfo
  const hookUrl = `http://127.0.0.1:${port}/altegio`

  // What the integration does on install, with a real HTTP client:
  const res = await fetch(`${mock.apiUrl}/hooks_settings/123`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer partner-token, User user-token',
      Accept: 'application/vnd.api.v2+json',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ urls: [hookUrl], active: 1, record: 1 }),
  })
  expect(res.status).toBe(201)

  // An appointment is created at location 123...
  const { delivery_ids } = await mock.trigger(123, {
    resource: 'record',
    status: 'create',
    resource_id: 456,
  })
  // ...and the test waits for that delivery instead of sleeping.
  const [delivery] = await mock.deliveries.waitFor({ delivery_ids })

  expect(delivery?.state).toBe('delivered')
  expect(received).toEqual([
    expect.objectContaining({
      company_id: 123,
      resource: 'record',
      resource_id: 456,
      status: 'create',
    }),
  ])
  expect((await mock.requests({ location_id: 123 }))[0]?.warnings).toEqual([
    expect.stringMatching(/^omitted-flags/),
    expect.stringMatching(/^plain-http-url/),
  ])
})
