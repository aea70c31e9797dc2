import { join } from 'node:path'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { killDuringStorm, lostWrites } from '../storm.js'

it('SIGKILL at 20 random moments of a POST storm: the file is always valid and keeps every 201', async () => {
  // Kill moments drawn once from a fixed seed, so a failure replays.
  const moments = fc.sample(fc.integer({ min: 50, max: 900 }), { numRuns: 20, seed: 42 })
  const dir = await tempDir()
  let acknowledged = 0
  for (const [round, ms] of moments.entries()) {
    // Every second round restarts on the file the previous kill left behind.
    const file = join(dir, `db-${Math.floor(round / 2)}.json`)
    const { acked, recovered, fileAfterRecovery } = await killDuringStorm(
      file,
      ms,
      round * 1_000_000,
    )
    acknowledged += acked.size
    expect(lostWrites(acked, recovered), `round ${round}, killed after ${ms} ms`).toEqual([])
    expect(lostWrites(acked, fileAfterRecovery), `round ${round}, file after restart`).toEqual([])
  }
  console.log(
    `20 kills at ${moments.join(', ')} ms; ${acknowledged} acknowledged locations checked`,
  )
  expect(acknowledged).toBeGreaterThan(200)
})
