import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from './helpers.js'
import { killDuringStorm, lostWrites } from './storm.js'

describe('SIGKILL in the middle of a write storm', () => {
  it('leaves a valid data file, and every write answered 201 survives the restart', async () => {
    const file = join(await tempDir(), 'db.json')
    const { acked, recovered, fileAfterRecovery } = await killDuringStorm(file, 400, 0, 60)
    // The storm did real work before the kill, or the test proves nothing.
    const writes = [...acked.values()].reduce((sum, v) => sum + v, 0)
    expect(acked.size).toBeGreaterThan(50)
    expect(writes).toBeGreaterThan(100)
    expect(lostWrites(acked, recovered)).toEqual([])
    expect(lostWrites(acked, fileAfterRecovery)).toEqual([])
  })
})
