import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { local } from '../src/deliveries/entities/time.js'

// The generated entities' times are computed by arithmetic for speed: they
// must read exactly as the Date they replaced wrote them.
const byDate = (ms: number, offsetHours: number) =>
  new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19)

describe('local wall-clock time', () => {
  it('reads as toISOString at any offset, for any time a Date can hold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -8.64e15 + 14 * 3_600_000, max: 8.64e15 - 14 * 3_600_000 }),
        fc.integer({ min: -12, max: 14 }),
        (ms, offset) => {
          expect(local(ms, offset)).toBe(byDate(ms, offset))
        },
      ),
      { numRuns: 20_000 },
    )
  })

  it('reads as toISOString at the edges of days, months, leap years and eras', () => {
    const edges = [
      0,
      -1,
      86_399_999,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2100, 1, 28, 23, 59, 59),
      Date.UTC(2000, 1, 29),
      Date.UTC(1968, 2, 10),
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59),
      Date.UTC(0, 0, 1) - 1,
    ]
    for (const ms of edges) {
      for (const offset of [-12, -1, 0, 3, 14]) expect(local(ms, offset)).toBe(byDate(ms, offset))
    }
  })
})
