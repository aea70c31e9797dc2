import { expect } from 'vitest'
import { fullBody } from './helpers.js'
import { type Case, record, rejection } from './parity.js'
import { refusingUrl } from './receiver.js'

const REAL =
  'the clock runs in real time: stop it first, at a time ({"now": "2026-01-01T00:00:00Z"}) or where it stands ({"mode": "manual"}), then advance it.'

// One refusing URL for both mocks of a case: their transcripts name it.
let refusing: Promise<string> | undefined

/** The clock's side of AltegioMock, in the same parity suite. */
export function clockCases(same: Case): void {
  same(
    'sets, advances and runs the clock again; a retry waits for the clock; refusals as TypeError',
    async (mock) => {
      refusing ??= refusingUrl()
      const url = await refusing
      const real = await mock.clock.get()
      expect(real.mode).toBe('real')
      const refusedReal = await rejection(mock.clock.advance(1000), TypeError, REAL)
      const set = await mock.clock.set('2026-01-01T00:00:00Z')
      expect(set).toEqual({ now: '2026-01-01T00:00:00.000Z', mode: 'manual' })
      await mock.seed(31, fullBody([url], { record: 1 }))
      const { delivery_ids } = await mock.trigger(31, record(1))
      // An advance of 0 waits for what is under way: the first attempt, refused.
      await mock.clock.advance(0)
      const first = await mock.deliveries.list({ location_id: 31 })
      expect(first.map((d) => [d.state, d.attempts.length])).toEqual([['retrying', 1]])
      const early = await mock.clock.advance(59_999)
      const stillOne = (await mock.deliveries.list({ location_id: 31 }))[0]?.attempts.length
      const retried = await mock.clock.advance(1)
      expect(retried).toEqual({ now: '2026-01-01T00:01:00.000Z', mode: 'manual' })
      const byDuration = await mock.clock.advance('PT1M')
      const deliveries = await mock.deliveries.list({ location_id: 31 })
      expect(
        deliveries.map((d) => ({
          id: d.id,
          state: d.state,
          finished_at: d.finished_at,
          started: d.attempts.map((a) => a.started_at),
        })),
      ).toEqual([
        {
          id: delivery_ids[0],
          state: 'failed',
          finished_at: '2026-01-01T00:02:00.000Z',
          started: [
            '2026-01-01T00:00:00.000Z',
            '2026-01-01T00:01:00.000Z',
            '2026-01-01T00:02:00.000Z',
          ],
        },
      ])
      const refused = {
        back: await rejection(
          mock.clock.set(new Date('2025-12-31T00:00:00Z')),
          TypeError,
          '2025-12-31T00:00:00.000Z is before the clock\'s 2026-01-01T00:02:00.000Z: the clock does not go back while it is stopped: to start over, run it again ({"mode": "real"}) and set it, or reset the mock (POST /__mock/reset).',
        ),
        negative: await rejection(
          mock.clock.advance(-1),
          TypeError,
          'clock.advance_ms must be an integer from 0 to 3155760000000 (ms; the clock does not go back), e.g. 1500, got -1.',
        ),
        duration: await rejection(
          mock.clock.advance('one month'),
          TypeError,
          'clock.advance must be an ISO 8601 duration such as "P1M", "P31D", "PT12H" or "PT1.5S", got "one month".',
        ),
        date: await rejection(
          mock.clock.set('2026-02-01'),
          TypeError,
          'clock.now must be an ISO 8601 date-time with an offset, such as 2026-01-01T00:00:00Z, got "2026-02-01".',
        ),
        invalidDate: await rejection(
          mock.clock.set(new Date(Number.NaN)),
          TypeError,
          'now must be a valid Date or an ISO 8601 date-time, got an invalid Date.',
        ),
      }
      const later = await mock.clock.set(new Date('2026-02-01T00:00:00Z'))
      expect(later).toEqual({ now: '2026-02-01T00:00:00.000Z', mode: 'manual' })
      const running = await mock.clock.real()
      expect(running.mode).toBe('real')
      expect(Date.parse(running.now)).toBeGreaterThanOrEqual(Date.parse('2026-02-01T00:00:00Z'))
      await mock.reset()
      const afterReset = await mock.clock.get()
      expect(afterReset.mode).toBe('real')
      return {
        real,
        refusedReal,
        set,
        first,
        early,
        stillOne,
        retried,
        byDuration,
        deliveries,
        refused,
        later,
        running,
        afterReset,
      }
    },
    { deliveryRetryDelayMs: 60_000 },
  )
}
