import { connectAltegioMock } from 'altegio-hooks-mock'
import { afterAll, expect, inject, it } from 'vitest'
import { startReceiver } from './webhook-receiver.js'

// The same mock as appointments.test.ts, maybe at the same time: location 102.
const mock = connectAltegioMock(inject('altegioMock').url)
const LOCATION = 102
const receiver = await startReceiver()
afterAll(async () => {
  await mock.reset(LOCATION)
  receiver.close()
})

it('sends nothing for a resource the integration did not subscribe to', async () => {
  await mock.seed(LOCATION, { urls: [receiver.url], active: 1, record: 1 })

  const { events } = await mock.trigger(LOCATION, {
    resource: 'client',
    status: 'create',
    resource_id: 789,
  })

  expect(events[0]?.skipped).toMatch(/client/)
  expect(await mock.deliveries.list({ location_id: LOCATION })).toEqual([])
  expect(receiver.received).toEqual([])
})
