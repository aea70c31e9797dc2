import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/container/**/*.test.ts'],
    // Builds the image once for every file, and starts podman's Docker API where needed.
    globalSetup: ['test/container/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
