import { describe, it } from 'vitest'
import { checkRestart } from '../restart-property.js'

// The suite's property test at ten times the runs, with longer request lists.
describe('what the routes accept, the next start finds, at length', () => {
  it('restarts from its own data file with the whole state, over 400 generated request lists', async () => {
    await checkRestart(400, 60)
  }, 200_000)
})
