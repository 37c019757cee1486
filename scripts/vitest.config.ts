import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'scripts',
    include: ['test/**/*.test.mjs', 'test/**/*.test.ts'],
    // Real processes: `npm start` with a real PostgreSQL, npm installs into fresh projects.
    hookTimeout: 300_000,
    testTimeout: 120_000,
  },
});
