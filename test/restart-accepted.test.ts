import { describe, it } from 'vitest'
import { checkRestart } from './restart-property.js'

describe('what the routes accept, the next start finds', () => {
  it('restarts from its own data file with the whole state, whatever was sent', async () => {
    await checkRestart(40, 25)
  }, 60_000)
})
