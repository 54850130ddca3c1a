import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure and fast; `integration` talks to real processes
// (the local control plane, git, helm, ...) with generous timeouts, because
// starting a cluster takes seconds. Forks, not threads: a test file that starts
// clusters owns them through its process id.
export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'ui/src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
