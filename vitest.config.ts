import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/receiver-verify',
      'packages/webhook-notifier',
      'apps/*/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'scripts/vitest.config.ts',
      'scripts/reliability/vitest.config.ts',
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/receiver-verify/src/**', 'packages/webhook-notifier/src/**'],
      // The CLI is tested as it runs, in child processes, which this process cannot measure.
      exclude: ['packages/webhook-notifier/src/cli/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'packages/receiver-verify/src/**': { lines: 95, branches: 95 },
        'packages/webhook-notifier/src/**': { lines: 90, branches: 90 },
      },
    },
  },
});
