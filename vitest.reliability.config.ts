import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    // One at a time: the load and latency tests measure the machine.
    fileParallelism: false,
  },
})
