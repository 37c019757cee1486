import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-fastify',
    include: ['test/**/*.test.ts'],
    // Examples run as real processes: starting one takes seconds on a busy machine.
    hookTimeout: 30_000,
    testTimeout: 30_000,
  },
});
