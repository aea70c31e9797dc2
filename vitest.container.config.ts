import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // The README's Testcontainers example runs here too, against the image built for the run.
    include: ['test/container/**/*.test.ts', 'examples/testcontainers/**/*.test.ts'],
    // Builds the image once for every file, and starts podman's Docker API where needed.
    globalSetup: ['test/container/global-setup.ts'],
    setupFiles: ['test/container/setup-env.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
