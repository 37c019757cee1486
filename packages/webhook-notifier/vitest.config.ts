import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'webhook-notifier',
    include: ['test/**/*.test.ts'],
    // The CLI and worker-process tests run the built package: build it when it is stale.
    globalSetup: ['test/support/build-if-stale.ts'],
  },
});
