import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'webhook-notifier',
    include: ['test/**/*.test.ts'],
  },
});
