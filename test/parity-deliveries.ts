import { expect } from 'vitest'
import { WaitEndedError, WaitTimeoutError } from '../src/deliveries/waiters.js'
import type { AltegioMock } from '../src/mock.js'
import { fullBody } from './helpers.js'
import { type Case, getSettings, record, rejection, sleep } from './parity.js'

/** What a trigger of `events` answers when each goes to one URL, ids from `first`. */
const triggered = (first: number, ids: number[]) => ({
  delivery_ids: ids.map((_, i) => first + i),
  events: ids.map((id, i) => ({
    ...record(id),
    delivery_ids: [first + i],
    skipped: null,
    skipped_urls: [],
  })),
})

/** A wait that a reset of its location ends; tried again if the reset came before the wait. */
async function endedByReset(mock: AltegioMock, locationId: number): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const waiting = mock.deliveries.waitFor({ location_id: locationId, timeoutMs: 2000 })
    const outcome = waiting.then(
      () => undefined,
      (error: unknown) => error,
    )
    // Over HTTP the wait has to arrive first; locally it is there at once.
    await sleep(100 * attempt)
    await mock.reset(locationId)
    const error = await outcome
    if (!(error instanceof WaitTimeoutError) || attempt === 5)
      return rejection(waiting, WaitEndedError, 'the mock was reset while waiting for deliveries')
  }
}

/** Triggers, waits and the journals, in the same parity suite. */
export function deliveryCases(same: Case): void {
  same(
    'triggers, waits for and lists deliveries, and journals requests',
    async (mock, receiver) => {
      await mock.seed(7, fullBody([receiver.url], { record: 1, client: 0 }))
      const one = await mock.trigger(7, record(1))
      expect(one).toEqual(triggered(1, [1]))
      const two = await mock.trigger(7, [record(2), record(3)])
      expect(two).toEqual(triggered(2, [2, 3]))
      const skipped = await mock.trigger(7, {
        resource: 'client',
        status: 'update',
        resource_id: 9,
      })
      expect(skipped.delivery_ids).toEqual([])
      const finished = await mock.deliveries.waitFor({ location_id: 7, count: 3 })
      expect(finished.map(({ id, state, url }) => ({ id, state, url }))).toEqual(
        [1, 2, 3].map((id) => ({ id, state: 'delivered', url: receiver.url })),
      )
      const all = await mock.deliveries.list()
      expect(all).toEqual(finished)
      expect(
        await mock.deliveries.list({ location_id: 7, resource: 'record', state: 'delivered' }),
      ).toEqual(all)
      expect(await mock.deliveries.list({ location_id: 8 })).toEqual([])
      expect(await getSettings(mock, 7, 2)).toEqual([200, 200])
      const requests = await mock.requests({ location_id: 7, method: 'GET', status_code: 200 })
      expect(requests.map(({ id, method, path }) => ({ id, method, path }))).toEqual(
        [1, 2].map((id) => ({ id, method: 'GET', path: '/api/v1/hooks_settings/7' })),
      )
      expect(await mock.requests({ status_code: 404 })).toEqual([])
      return { one, two, skipped, finished, all, requests }
    },
  )

  same(
    'rejects a wait with WaitTimeoutError, and one a reset ends with WaitEndedError',
    async (mock) => {
      const timedOut = await rejection(
        mock.deliveries.waitFor({ location_id: 5, timeoutMs: 50 }),
        WaitTimeoutError,
        'waited 50 ms for 1 finished deliveries matching {"location_id":5}; 0 finished, 0 still pending',
      )
      return { timedOut, ended: await endedByReset(mock, 8) }
    },
  )

  same(
    'lists every delivery and request however many pages they take',
    async (mock, receiver) => {
      await mock.seed(31, fullBody([receiver.url], { record: 1 }))
      // More than one batch of the batch route (1000 events) and one page of the list routes.
      const events = Array.from({ length: 1100 }, (_, i) => record(i + 1))
      const result = await mock.trigger(31, events)
      expect(result.delivery_ids).toEqual(events.map((_, i) => i + 1))
      const finished = await mock.deliveries.waitFor({ count: 1100, timeoutMs: 60_000 })
      const all = await mock.deliveries.list({ location_id: 31 })
      expect(all.map((d) => d.id)).toEqual(result.delivery_ids)
      expect(all).toEqual(finished)
      await getSettings(mock, 31, 1001)
      const requests = await mock.requests()
      expect(requests.map((r) => r.id)).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1))
      return { result, all, requests }
    },
    { maxDeliveries: 2000, maxRequests: 2000, timeout: 180_000 },
  )
}
