import { getTestDatabase } from '@dramarelay/test-utils';
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../lib/database.mjs';

/**
 * Runs `scenario(connectionString)` once for the test file, on a fresh database with the
 * notifier's tables (dropped afterwards); its result is `state.run` in the tests.
 */
export function runBeforeAll(scenario) {
  const state = {};
  beforeAll(async () => {
    state.database = await getTestDatabase();
    await migrate(state.database.connectionString);
    state.run = await scenario(state.database.connectionString);
  });
  afterAll(() => state.database?.close());
  return state;
}
