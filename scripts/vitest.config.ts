import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'scripts',
    include: ['test/**/*.test.ts'],
    // npm installs into fresh projects: tens of seconds on a busy machine.
    hookTimeout: 300_000,
    testTimeout: 120_000,
  },
});
