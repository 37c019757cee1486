import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findClaim } from '../../src/submissions/claim.repository.js';
import { video } from '../support/oembed.js';
import { seedTask } from '../support/seed.js';
import { callbackUpdate, sentTexts, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  // With a token, Instagram links can be checked (oEmbed itself is the test's fake).
  t = await createTestApp({ env: { INSTAGRAM_OEMBED_TOKEN: 'test-token' } });
});
afterAll(() => t.close());

let userId = 12_000;
let user = telegramUser(userId);
beforeEach(() => {
  t.calls.length = 0;
  user = telegramUser(++userId);
});

const send = (update: Update) => t.app.bot!.handleUpdate(update);
/** Sends a link, then lets the background checker take it. */
async function submit(text: string) {
  await send(textUpdate(user, text));
  await t.app.sweeper.runOnce();
}

async function claimDrama() {
  const task = await seedTask(t.db, t.clock.now(), { title: '短剧《霸道总裁爱上我》' });
  await send(callbackUpdate(user, `claim:${task.id}`));
  const claim = await t.db
    .selectFrom('claims')
    .selectAll()
    .where('task_id', '=', task.id)
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  t.calls.length = 0;
  return claim;
}

async function balanceOf(id: number): Promise<number> {
  const row = await t.db
    .selectFrom('telegram_users')
    .select('node_power')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.node_power;
}

describe('one video earns once, however its link is written', () => {
  it.each([
    [
      'a TikTok video sent again under another username',
      'https://www.tiktok.com/@fan/video/7311111111111111111',
      'https://www.tiktok.com/@Someone.Else/video/7311111111111111111',
    ],
    [
      'a TikTok video sent again with the username in other case',
      'https://www.tiktok.com/@drama_fan/video/7322222222222222222',
      'https://www.tiktok.com/@Drama_Fan/video/7322222222222222222',
    ],
    [
      'an Instagram post sent as /p/ and then as /reel/',
      'https://www.instagram.com/p/C9sameP0st1/',
      'https://www.instagram.com/reel/C9sameP0st1/',
    ],
  ])(
    'pays %s only once: the second user is told it was submitted already',
    async (_name, first, second) => {
      t.oembed.answer(video('霸道总裁爱上我'));
      const firstClaim = await claimDrama();
      const firstUser = user;
      await submit(first);
      expect((await findClaim(t.db, firstClaim.id))?.status).toBe('verified');

      user = telegramUser(++userId);
      const secondClaim = await claimDrama();
      await submit(second);
      expect(sentTexts(t.calls)).toEqual(['This link has already been submitted.']);
      expect((await findClaim(t.db, secondClaim.id))?.status).toBe('claimed');
      expect(await balanceOf(firstUser.id)).toBe(10);
      expect(await balanceOf(user.id)).toBe(0);
    },
  );

  it('still pays two different videos of the same account', async () => {
    t.oembed.answer(video('霸道总裁爱上我'));
    const first = await claimDrama();
    await submit('https://www.tiktok.com/@fan/video/7333333333333333331');
    user = telegramUser(++userId);
    const second = await claimDrama();
    await submit('https://www.tiktok.com/@fan/video/7333333333333333332');
    expect((await findClaim(t.db, first.id))?.status).toBe('verified');
    expect((await findClaim(t.db, second.id))?.status).toBe('verified');
  });
});
