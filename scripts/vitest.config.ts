import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'launcher',
    include: ['test/**/*.test.mjs'],
    // `npm start` runs as a real process with a real PostgreSQL: seconds on a busy machine.
    hookTimeout: 180_000,
    testTimeout: 120_000,
  },
});
