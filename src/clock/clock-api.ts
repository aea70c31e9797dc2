import { fieldErrorText } from '../control/code-input.js'
import type { AltegioError } from '../http/errors.js'
import { assertValid } from '../schemas/assert.js'
import { ClockBody } from '../schemas/clock.js'
import type { ClockControl, ClockReading } from './clock-control.js'

/** `mock.clock`: what POST /__mock/clock does, from code. */
export interface ClockApi {
  /** The clock's time (ISO 8601, UTC) and mode (real or manual). */
  get(): Promise<ClockReading>
  /** Sets the clock and stops it; on a stopped clock, a later time advances it (an earlier one is refused). */
  set(now: Date | string): Promise<ClockReading>
  /**
   * Moves a stopped clock forward by ms or an ISO 8601 duration ("P1M", "P31D",
   * "PT12H"): what falls due meanwhile (deliveries, retries, paid periods
   * ending) happens, in time order, before it resolves.
   */
  advance(by: number | string): Promise<ClockReading>
  /** Runs the clock again from where it stands. */
  real(): Promise<ClockReading>
}

const checkBody = assertValid(ClockBody)

/**
 * The body of POST /__mock/clock for a call of `mock.clock`, checked: both
 * startAltegioMock and connectAltegioMock refuse the same input with the same TypeError.
 */
export const clockInput = {
  set(now: Date | string): ClockBody {
    if (now instanceof Date && Number.isNaN(now.getTime())) {
      throw new TypeError('now must be a valid Date or an ISO 8601 date-time, got an invalid Date.')
    }
    const body = { now: now instanceof Date ? now.toISOString() : now }
    checkBody(body, 'clock')
    return body
  },
  advance(by: number | string): ClockBody {
    const body = typeof by === 'string' ? { advance: by } : { advance_ms: by }
    checkBody(body, 'clock')
    return body
  },
}

export function clockApi(clock: ClockControl): ClockApi {
  // A refusal of the clock (a real clock advanced, a stopped one set back) as the remote one throws it.
  const refused = (error: unknown) => {
    const errors = (error as AltegioError).errors
    throw errors ? new TypeError(fieldErrorText(errors)) : error
  }
  return {
    get: async () => clock.get(),
    async set(now) {
      const body = clockInput.set(now)
      return clock.set(Date.parse(body.now as string)).catch(refused)
    },
    async advance(by) {
      clockInput.advance(by)
      return clock.advance(by).catch(refused)
    },
    real: () => clock.real(),
  }
}
