import { connectAltegioMock } from 'altegio-hooks-mock'
import { afterAll, expect, inject, it } from 'vitest'
import { startReceiver } from './webhook-receiver.js'

// The mock the global setup started; this file keeps to location 101.
const mock = connectAltegioMock(inject('altegioMock').url)
const LOCATION = 101
const receiver = await startReceiver()
afterAll(async () => {
  await mock.reset(LOCATION)
  receiver.close()
})

it('sends an appointment to the URL the integration subscribed', async () => {
  await mock.seed(LOCATION, { urls: [receiver.url], active: 1, record: 1 })
  const { delivery_ids } = await mock.trigger(LOCATION, {
    resource: 'record',
    status: 'create',
    resource_id: 456,
  })

  const [delivery] = await mock.deliveries.waitFor({ delivery_ids })

  expect(delivery?.state).toBe('delivered')
  expect(receiver.received).toEqual([
    expect.objectContaining({ company_id: LOCATION, resource: 'record', resource_id: 456 }),
  ])
})
