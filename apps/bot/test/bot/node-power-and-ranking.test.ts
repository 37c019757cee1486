import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { creditClaimReward } from '../../src/rewards/reward.repository.js';
import { claimTask } from '../../src/submissions/claim.repository.js';
import { upsertUser } from '../../src/users/user.repository.js';
import { seedTask } from '../support/seed.js';
import { sentTexts, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.calls.length = 0;
});

const send = (update: Update) => t.app.bot!.handleUpdate(update);

async function earn(userId: number, username: string | null, amounts: number[]) {
  const now = new Date(t.clock.now());
  await upsertUser(t.db, { id: userId, username, firstName: `First${userId}`, now });
  for (const amount of amounts) {
    const task = await seedTask(t.db, t.clock.now());
    const { claim } = await claimTask(t.db, { taskId: task.id, userId, now });
    await creditClaimReward(t.db, { userId, claimId: claim.id, amount, now });
  }
}

describe('node power and ranking', () => {
  it('shows an empty ranking before anyone earned', async () => {
    await send(textUpdate(telegramUser(5000), '/ranking'));
    expect(sentTexts(t.calls)).toEqual(['Nobody has earned node power yet. Be the first!']);
  });

  it('shows my balance, rank and completed tasks, and the top 20', async () => {
    for (let i = 1; i <= 22; i++) await earn(5000 + i, `fan${i}`, [i]);
    await earn(5100, null, [10, 15]);

    await send(textUpdate(telegramUser(5100, { username: undefined }), '/power'));
    expect(sentTexts(t.calls)).toEqual(['Your node power: 25\nRank: #1\nCompleted tasks: 2']);

    t.calls.length = 0;
    await send(textUpdate(telegramUser(5010), '/power'));
    expect(sentTexts(t.calls)).toEqual(['Your node power: 10\nRank: #14\nCompleted tasks: 1']);

    t.calls.length = 0;
    await send(textUpdate(telegramUser(5010), '/ranking'));
    const lines = sentTexts(t.calls)[0]!.split('\n');
    expect(lines[0]).toBe('Top 20 by node power:');
    expect(lines.slice(1, 4)).toEqual(['1. User5100: 25', '2. @fan22: 22', '3. @fan21: 21']);
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('20. @fan4: 4');
  });

  it('credits a claim once even if asked twice', async () => {
    const now = new Date(t.clock.now());
    await upsertUser(t.db, { id: 5200, username: null, firstName: null, now });
    const task = await seedTask(t.db, t.clock.now());
    const { claim } = await claimTask(t.db, { taskId: task.id, userId: 5200, now });
    const results = await Promise.all([
      creditClaimReward(t.db, { userId: 5200, claimId: claim.id, amount: 7, now }),
      creditClaimReward(t.db, { userId: 5200, claimId: claim.id, amount: 7, now }),
    ]);
    expect(results.sort()).toEqual([false, true]);
    const row = await t.db
      .selectFrom('telegram_users')
      .select('node_power')
      .where('id', '=', 5200)
      .executeTakeFirstOrThrow();
    expect(row.node_power).toBe(7);
  });
});
