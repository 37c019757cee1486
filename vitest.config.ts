import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/receiver-verify', 'packages/webhook-notifier', 'apps/*', 'examples/*'],
    coverage: {
      provider: 'v8',
      include: ['packages/receiver-verify/src/**', 'packages/webhook-notifier/src/**'],
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
