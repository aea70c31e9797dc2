import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/consumer/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
})
