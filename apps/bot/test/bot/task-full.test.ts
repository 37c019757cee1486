import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findClaim } from '../../src/submissions/claim.repository.js';
import { video } from '../support/oembed.js';
import { seedTask } from '../support/seed.js';
import { callbackUpdate, sentTexts, telegramUser, textUpdate } from '../support/telegram.js';
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
let nextUser = 80_000;
let nextVideo = 7_700_000;
const TITLE = '短剧《霸道总裁爱上我》';

async function claimAs(taskId: number) {
  const user = telegramUser(++nextUser);
  await send(callbackUpdate(user, `claim:${taskId}`));
  const claim = await t.db
    .selectFrom('claims')
    .selectAll()
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  return { user, claim };
}

const link = () => `https://www.tiktok.com/@fan/video/${++nextVideo}`;

describe('a task with max_completions', () => {
  it('pays no more than its limit when more links are verified at once, and tells the others it is full', async () => {
    const task = await seedTask(t.db, t.clock.now(), { title: TITLE, max_completions: 3 });
    const users = [];
    for (let i = 0; i < 8; i++) users.push(await claimAs(task.id));
    t.oembed.answer(video('霸道总裁爱上我'));
    for (const { user } of users) await send(textUpdate(user, link()));
    t.calls.length = 0;
    // Two sweepers, each checking its leased links concurrently: the completions race.
    await Promise.all([t.app.sweeper.runOnce(), t.app.sweeper.runOnce()]);

    const statuses = await Promise.all(users.map(({ claim }) => findClaim(t.db, claim!.id)));
    expect(statuses.filter((c) => c?.status === 'verified')).toHaveLength(3);
    expect(statuses.filter((c) => c?.status === 'rejected')).toHaveLength(5);
    const ledger = await t.db
      .selectFrom('reward_ledger')
      .innerJoin('claims', 'claims.id', 'reward_ledger.claim_id')
      .where('claims.task_id', '=', task.id)
      .select('reward_ledger.id')
      .execute();
    expect(ledger).toHaveLength(3);
    const texts = sentTexts(t.calls);
    expect(texts.filter((x) => x.startsWith('Verified!'))).toHaveLength(3);
    expect(
      texts.filter(
        (x) =>
          x ===
          `Your link for "${TITLE}" was not accepted: the task reached its maximum number of completions before your link was verified.`,
      ),
    ).toHaveLength(5);
  });

  it('is no longer listed or claimable once full, and a link for it is refused at once', async () => {
    const task = await seedTask(t.db, t.clock.now(), { title: TITLE, max_completions: 1 });
    const first = await claimAs(task.id);
    const late = await claimAs(task.id);
    t.oembed.answer(video('霸道总裁爱上我'));
    await send(textUpdate(first.user, link()));
    await t.app.sweeper.runOnce();
    expect((await findClaim(t.db, first.claim!.id))?.status).toBe('verified');

    const newcomer = telegramUser(++nextUser);
    t.calls.length = 0;
    await send(textUpdate(newcomer, '/tasks'));
    expect(JSON.stringify(t.calls)).not.toContain(`task:${task.id}"`);
    await send(callbackUpdate(newcomer, `claim:${task.id}`));
    expect(t.calls.at(-1)).toMatchObject({
      method: 'answerCallbackQuery',
      payload: { text: 'This task is full: it has reached its maximum number of completions.' },
    });
    expect(
      await t.db.selectFrom('claims').select('id').where('user_id', '=', newcomer.id).execute(),
    ).toEqual([]);

    t.calls.length = 0;
    await send(textUpdate(late.user, link()));
    expect(sentTexts(t.calls)).toEqual([
      'This task is full: it has reached its maximum number of completions.',
    ]);
    expect((await findClaim(t.db, late.claim!.id))?.status).toBe('claimed');
  });
});
