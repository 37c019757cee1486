import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'receiver-verify',
    include: ['test/**/*.test.ts'],
  },
});
