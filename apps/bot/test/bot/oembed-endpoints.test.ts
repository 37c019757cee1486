import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClaim } from '../../src/submissions/claim.repository.js';
import { video } from '../support/oembed.js';
import { seedTask } from '../support/seed.js';
import { callbackUpdate, sentTexts, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ENDPOINT = 'http://127.0.0.1:3209/oembed';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    env: {
      OEMBED_TIKTOK_URL: ENDPOINT,
      OEMBED_YOUTUBE_URL: 'http://127.0.0.1:3209/youtube?format=json',
    },
  });
});
afterAll(() => t.close());

async function claim(userId: number) {
  const user = telegramUser(userId);
  const task = await seedTask(t.db, t.clock.now(), { title: '《霸道总裁爱上我》' });
  await t.app.bot!.handleUpdate(callbackUpdate(user, `claim:${task.id}`));
  const row = await t.db
    .selectFrom('claims')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  t.calls.length = 0;
  return { user, claim: row };
}

describe('configured oEmbed endpoints', () => {
  it('asks the configured endpoint about each platform instead of the platform’s own', async () => {
    const { user, claim: c } = await claim(61_001);
    t.oembed.answer(video('霸道总裁爱上我'));
    const link = 'https://www.tiktok.com/@fan/video/7500000000000000001';
    await t.app.bot!.handleUpdate(textUpdate(user, link));
    await t.app.sweeper.runOnce();
    expect(t.oembed.requested).toEqual([`${ENDPOINT}?url=${encodeURIComponent(link)}`]);
    expect((await findClaim(t.db, c.id))?.status).toBe('verified');

    t.oembed.requested.length = 0;
    const second = await claim(61_002);
    await t.app.bot!.handleUpdate(textUpdate(second.user, 'https://youtu.be/dQw4w9WgXcQ'));
    await t.app.sweeper.runOnce();
    expect(t.oembed.requested).toEqual([
      `http://127.0.0.1:3209/youtube?format=json&url=${encodeURIComponent('https://www.youtube.com/watch?v=dQw4w9WgXcQ')}`,
    ]);
  });

  it('does not let users send links to the endpoint’s host: an override is no way around the link rules', async () => {
    const { user, claim: c } = await claim(61_003);
    t.oembed.requested.length = 0;
    for (const text of [`${ENDPOINT}?url=x`, 'http://127.0.0.1/@fan/video/1']) {
      t.calls.length = 0;
      await t.app.bot!.handleUpdate(textUpdate(user, text));
      expect(sentTexts(t.calls)[0]).toMatch(
        /^(Only TikTok, YouTube and Instagram links are accepted|Please send the link of your post)/,
      );
    }
    await t.app.sweeper.runOnce();
    expect(t.oembed.requested).toEqual([]);
    expect((await findClaim(t.db, c.id))?.status).toBe('claimed');
  });
});
