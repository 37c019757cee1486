import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'reliability',
    include: ['test/**/*.test.mjs'],
    // Real worker processes, real PostgreSQL, real sockets; the long runs are the command's.
    hookTimeout: 120_000,
    testTimeout: 120_000,
  },
});
