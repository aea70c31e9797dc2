import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'mock',
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/container/**',
            'test/reliability/**',
            'test/browser/**',
            'test/consumer/**',
          ],
          // Child-process and real-socket tests need more than the 5 s default on a
          // busy 2-core machine; each test still states its own bound.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      // The README's global-setup example, as a user's project runs it.
      'examples/vitest-global-setup',
    ],
  },
})
