import { getTestDatabase, type TestDatabase } from '@dramarelay/test-utils';
import { GrammyError, HttpError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/database/database.js';
import { migrateAll } from '../../src/database/migrate.js';
import { notifyUserOfOutcome } from '../../src/submissions/notify-outcome.js';
import type { VerificationOutcome } from '../../src/verification/verify-claim.js';
import { seedTask } from '../support/seed.js';

let database: TestDatabase;
let db: Db;
let claimId: number;
const USER = 99_001;

beforeAll(async () => {
  database = await getTestDatabase();
  db = createDatabase({ connectionString: database.connectionString, maxConnections: 2 });
  await migrateAll(db);
  const now = new Date();
  const task = await seedTask(db, now.getTime(), { title: 'Told' });
  await db
    .insertInto('telegram_users')
    .values({
      id: USER,
      username: null,
      first_name: 'U',
      language: 'en',
      invited_by: null,
      awaiting_link_claim_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  ({ id: claimId } = await db
    .insertInto('claims')
    .values({
      task_id: task.id,
      user_id: USER,
      status: 'verified',
      platform: 'tiktok',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow());
});
afterAll(async () => {
  await db.destroy();
  await database.close();
});

const verified = (): VerificationOutcome => ({
  status: 'verified',
  claimId,
  userId: USER,
  reward: 10,
  details: { matched: true, match_rate: 100, matched_keywords: [] },
});

describe('telling a user the outcome of their link', () => {
  it('tries again after a network error, so the outcome is not lost', async () => {
    const sent: string[] = [];
    let failures = 2;
    const api = {
      sendMessage: async (_chat: number | string, text: string) => {
        if (failures-- > 0)
          throw new HttpError('Network request for sendMessage failed', new Error('ECONNRESET'));
        sent.push(text);
        return {} as never;
      },
    };
    await notifyUserOfOutcome({ db, api, pause: async () => {} }, verified());
    expect(sent).toEqual(['Verified! You earned 10 node power for "Told".']);
  });

  it('does not retry what Telegram refused (the user blocked the bot): the caller logs it', async () => {
    let calls = 0;
    const api = {
      sendMessage: async () => {
        calls++;
        throw new GrammyError(
          'Call to sendMessage failed',
          { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
          'sendMessage',
          {},
        );
      },
    };
    await expect(
      notifyUserOfOutcome({ db, api, pause: async () => {} }, verified()),
    ).rejects.toThrow(/blocked/);
    expect(calls).toBe(1);
  });
});
