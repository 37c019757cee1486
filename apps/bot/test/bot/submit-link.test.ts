import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findClaim } from '../../src/submissions/claim.repository.js';
import { DEFAULT_OEMBED_ENDPOINTS } from '../../src/verification/oembed.js';
import { video } from '../support/oembed.js';
import { seedTask } from '../support/seed.js';
import {
  buttons,
  callbackUpdate,
  lastMessage,
  sentTexts,
  telegramUser,
  textUpdate,
} from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    recheck: { maxAttempts: 3, firstDelayMs: 60_000, maxDelayMs: 600_000 },
  });
});
afterAll(() => t.close());

let userId = 4000;
let user = telegramUser(userId);
beforeEach(() => {
  t.calls.length = 0;
  t.oembed.requested.length = 0;
  user = telegramUser(++userId);
});

const send = (update: Update) => t.app.bot!.handleUpdate(update);
/** Sends a message, then lets the background checker take what it put under review. */
async function submit(text: string) {
  await send(textUpdate(user, text));
  await t.app.sweeper.runOnce();
}
const CHECKING =
  'Got it: checking your TikTok link for "短剧《霸道总裁爱上我》" now. You will get the result here.';
const LINK = (n: number) => `https://www.tiktok.com/@fan/video/${n}`;
let videoNumber = 7_000_000;

async function claimDrama(fields: Parameters<typeof seedTask>[2] = {}) {
  const task = await seedTask(t.db, t.clock.now(), {
    title: '短剧《霸道总裁爱上我》',
    node_power_reward: 12,
    ...fields,
  });
  await send(callbackUpdate(user, `claim:${task.id}`));
  const claim = await t.db
    .selectFrom('claims')
    .selectAll()
    .where('task_id', '=', task.id)
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  t.calls.length = 0;
  return { task, claim };
}

async function balance(): Promise<number> {
  const row = await t.db
    .selectFrom('telegram_users')
    .select('node_power')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  return row.node_power;
}

describe('sending a link', () => {
  it.each([
    ['https://vimeo.com/123', 'Only TikTok, YouTube and Instagram links are accepted.'],
    ['https://www.tiktok.com/@fan', /^That link does not point to a video\./],
    ['not a link at all', /^Please send the link of your post/],
  ])('refuses %s with a clear message and nothing checked', async (text, message) => {
    await claimDrama();
    await submit(text);
    expect(sentTexts(t.calls)[0]).toMatch(message);
    expect(t.oembed.requested).toEqual([]);
  });

  it('verifies a matching video, pays the reward once and says so', async () => {
    const { claim } = await claimDrama();
    t.oembed.answer(video('霸道总裁爱上我 EP1 #短剧'));
    const link = LINK(++videoNumber);
    await submit(link);
    expect(sentTexts(t.calls)).toEqual([
      CHECKING,
      'Verified! You earned 12 node power for "短剧《霸道总裁爱上我》".',
    ]);
    expect(await balance()).toBe(12);
    expect(await findClaim(t.db, claim.id)).toMatchObject({
      status: 'verified',
      platform: 'tiktok',
      submission_link: link,
      verification_details: {
        matched: true,
        match_rate: 100,
        matched_keywords: ['霸道总裁爱上我'],
      },
    });
    expect(t.oembed.requested).toEqual([
      `https://www.tiktok.com/oembed?url=${encodeURIComponent(link)}`,
    ]);
  });

  it('does not pay again for a second link to a verified claim', async () => {
    await claimDrama();
    t.oembed.answer(video('霸道总裁爱上我'));
    await submit(LINK(++videoNumber));
    t.calls.length = 0;
    await submit(LINK(++videoNumber));
    expect(await balance()).toBe(12);
    expect(
      await t.db.selectFrom('reward_ledger').selectAll().where('user_id', '=', user.id).execute(),
    ).toHaveLength(1);
  });

  it('says the task is already completed when a link that was paid is sent again', async () => {
    await claimDrama();
    t.oembed.answer(video('霸道总裁爱上我'));
    const link = LINK(++videoNumber);
    await submit(link);
    t.calls.length = 0;
    await submit(link);
    expect(sentTexts(t.calls)).toEqual([
      'You have already completed "短剧《霸道总裁爱上我》" with this post; its reward was paid.',
    ]);
    expect(await balance()).toBe(12);

    // Also while another claim waits for its link: the post is not "someone else's".
    const other = await claimDrama({ title: 'Another 《B》' });
    await submit(link);
    expect(sentTexts(t.calls)).toEqual([
      'You have already completed "短剧《霸道总裁爱上我》" with this post; its reward was paid.',
    ]);
    expect((await findClaim(t.db, other.claim.id))?.status).toBe('claimed');
  });

  it('rejects a video about something else, names what is missing, and lets the user try again', async () => {
    const { claim } = await claimDrama();
    t.oembed.answer(video('cooking with grandma'));
    await submit(LINK(++videoNumber));
    expect(sentTexts(t.calls)).toEqual([
      CHECKING,
      'Your post for "短剧《霸道总裁爱上我》" does not mention the task. Its title or caption must contain: 《霸道总裁爱上我》. Fix it and send the link again.',
    ]);
    expect((await findClaim(t.db, claim.id))?.status).toBe('rejected');
    expect(await balance()).toBe(0);

    t.oembed.answer(video('《霸道总裁爱上我》 full'));
    await send(callbackUpdate(user, `submit:${claim.id}`));
    await submit(LINK(++videoNumber));
    expect((await findClaim(t.db, claim.id))?.status).toBe('verified');
  });

  it('keeps a link it cannot check in review, never passing it, and the sweeper verifies it later', async () => {
    const { claim } = await claimDrama();
    t.oembed.answer({ status: 503 });
    await submit(LINK(++videoNumber));
    expect(sentTexts(t.calls)).toEqual([
      CHECKING,
      'We could not reach TikTok to check your link for "短剧《霸道总裁爱上我》". It stays in review and is checked again automatically; you will get the result here.',
    ]);
    expect(await findClaim(t.db, claim.id)).toMatchObject({
      status: 'pending_verification',
      verification_attempts: 1,
      last_verification_error: 'tiktok oEmbed answered 503',
    });
    expect(await balance()).toBe(0);

    // Not due yet: the sweeper leaves it alone.
    expect(await t.app.sweeper.runOnce()).toBe(0);

    t.oembed.answer(video('霸道总裁爱上我'));
    t.clock.advance(60_000);
    t.calls.length = 0;
    expect(await t.app.sweeper.runOnce()).toBe(1);
    expect((await findClaim(t.db, claim.id))?.status).toBe('verified');
    expect(await balance()).toBe(12);
    expect(t.calls).toEqual([
      {
        method: 'sendMessage',
        payload: {
          chat_id: user.id,
          text: 'Verified! You earned 12 node power for "短剧《霸道总裁爱上我》".',
        },
      },
    ]);
  });

  it('asks oEmbed again at once when the first request fails, and verifies on the second', async () => {
    const { claim } = await claimDrama();
    t.oembed.answer({ status: 502 }, video('霸道总裁爱上我'));
    await submit(LINK(++videoNumber));
    expect(t.oembed.requested).toHaveLength(2);
    expect((await findClaim(t.db, claim.id))?.status).toBe('verified');
  });

  it.each([
    ['a 404', { status: 404 }],
    ['a 403', { status: 403 }],
    ['a 500', { status: 500 }],
    ['invalid JSON', { status: 200, body: '<html>' }],
    ['an answer without title or author', { status: 200, body: { type: 'video' } }],
  ])('treats %s from oEmbed as "cannot check now", not as a pass', async (_name, answer) => {
    const { claim } = await claimDrama();
    t.oembed.answer(answer);
    await submit(LINK(++videoNumber));
    expect((await findClaim(t.db, claim.id))?.status).toBe('pending_verification');
    expect(await balance()).toBe(0);
  });

  it('rejects a link that still cannot be checked after the last try, and tells the user', async () => {
    const { claim } = await claimDrama();
    t.oembed.answer({ status: 500 });
    await submit(LINK(++videoNumber));
    t.clock.advance(60_000);
    await t.app.sweeper.runOnce();
    expect((await findClaim(t.db, claim.id))?.verification_attempts).toBe(2);
    t.clock.advance(120_000);
    t.calls.length = 0;
    await t.app.sweeper.runOnce();
    expect(await findClaim(t.db, claim.id)).toMatchObject({
      status: 'rejected',
      verification_attempts: 3,
    });
    expect(sentTexts(t.calls.filter((c) => c.payload.chat_id === user.id))).toEqual([
      'We could not verify your link for "短剧《霸道总裁爱上我》". Make sure the post is public and send the link again.',
    ]);
    expect(await balance()).toBe(0);
  });

  it('only ever asks the platforms’ oEmbed hosts, never the link itself', async () => {
    await claimDrama();
    t.oembed.answer({ status: 500 });
    await submit('https://youtu.be/dQw4w9WgXcQ');
    await submit(LINK(++videoNumber));
    expect(t.oembed.requested.length).toBeGreaterThan(0);
    const hosts = Object.values(DEFAULT_OEMBED_ENDPOINTS).map((e) => new URL(e).hostname);
    for (const url of t.oembed.requested) expect(hosts).toContain(new URL(url).hostname);
    expect(t.oembed.requested[0]).toBe(
      `https://www.youtube.com/oembed?format=json&url=${encodeURIComponent('https://www.youtube.com/watch?v=dQw4w9WgXcQ')}`,
    );
  });

  it('says Instagram cannot be checked when no Instagram token is configured', async () => {
    const { claim } = await claimDrama();
    await submit('https://www.instagram.com/reel/C1a2B3c4D5e/');
    expect(sentTexts(t.calls)).toEqual([
      'Instagram links cannot be checked here yet. Please post on another platform.',
    ]);
    expect((await findClaim(t.db, claim.id))?.status).toBe('claimed');
    expect(t.oembed.requested).toEqual([]);
  });

  it('refuses a link another user already earned with', async () => {
    const link = LINK(++videoNumber);
    await claimDrama();
    t.oembed.answer(video('霸道总裁爱上我'));
    await submit(link);
    user = telegramUser(++userId);
    const { claim } = await claimDrama();
    await submit(link);
    expect(sentTexts(t.calls)).toEqual(['This link has already been submitted.']);
    expect((await findClaim(t.db, claim.id))?.status).toBe('claimed');
  });

  it('asks which task a link is for when the user has several open claims', async () => {
    const first = await claimDrama({ title: 'First 《A》' });
    const second = await claimDrama({ title: 'Second 《B》' });
    await t.db
      .updateTable('telegram_users')
      .set({ awaiting_link_claim_id: null })
      .where('id', '=', user.id)
      .execute();
    await submit(LINK(++videoNumber));
    const question = lastMessage(t.calls);
    expect(question.payload.text).toBe(
      'Which task is your link for? Pick it, then send the link again.',
    );
    expect(
      buttons(question)
        .map((b) => b.data)
        .sort(),
    ).toEqual([`submit:${first.claim.id}`, `submit:${second.claim.id}`].sort());
    t.oembed.answer(video('B'));
    await send(callbackUpdate(user, `submit:${second.claim.id}`));
    await submit(LINK(++videoNumber));
    expect((await findClaim(t.db, second.claim.id))?.status).toBe('verified');
    expect((await findClaim(t.db, first.claim.id))?.status).toBe('claimed');
  });

  it('tells a user without claims to claim a task first', async () => {
    await submit('/submit');
    expect(sentTexts(t.calls)).toEqual([
      'You have no claimed task waiting for a link. Open Tasks to claim one.',
    ]);
  });
});

describe('a task that is no longer open', () => {
  it.each([
    ['deleted', (now: number) => ({ deleted_at: new Date(now) })],
    ['paused', () => ({ status: 'paused' as const })],
    ['expired', (now: number) => ({ expires_at: new Date(now - 1) })],
  ])(
    'refuses a link for a task %s after it was claimed, checking and paying nothing',
    async (_name, change) => {
      const { task, claim } = await claimDrama();
      await t.db
        .updateTable('tasks')
        .set(change(t.clock.now()))
        .where('id', '=', task.id)
        .execute();
      t.oembed.answer(video('霸道总裁爱上我'));
      await submit(LINK(++videoNumber));
      expect(sentTexts(t.calls)).toEqual([
        '"短剧《霸道总裁爱上我》" no longer takes links: the task was removed, paused or has expired.',
      ]);
      expect((await findClaim(t.db, claim.id))?.status).toBe('claimed');
      expect(t.oembed.requested).toEqual([]);
      expect(await balance()).toBe(0);
    },
  );

  it('says so when the user picks a claim of a paused task to send a link for', async () => {
    const { task, claim } = await claimDrama();
    await t.db.updateTable('tasks').set({ status: 'paused' }).where('id', '=', task.id).execute();
    await send(callbackUpdate(user, `submit:${claim.id}`));
    expect(t.calls).toEqual([
      {
        method: 'answerCallbackQuery',
        payload: expect.objectContaining({
          text: '"短剧《霸道总裁爱上我》" no longer takes links: the task was removed, paused or has expired.',
        }),
      },
    ]);
  });

  it('pays nothing for a link still in review when its task is deleted, and tells the user', async () => {
    const { task, claim } = await claimDrama();
    t.oembed.answer({ status: 503 });
    await submit(LINK(++videoNumber));
    expect((await findClaim(t.db, claim.id))?.status).toBe('pending_verification');

    await t.db
      .updateTable('tasks')
      .set({ deleted_at: new Date(t.clock.now()) })
      .where('id', '=', task.id)
      .execute();
    t.oembed.answer(video('霸道总裁爱上我'));
    t.clock.advance(60_000);
    t.calls.length = 0;
    await t.app.sweeper.runOnce();
    expect(await findClaim(t.db, claim.id)).toMatchObject({
      status: 'rejected',
      last_verification_error: 'the task was deleted before the link was verified',
    });
    expect(await balance()).toBe(0);
    expect(sentTexts(t.calls.filter((c) => c.payload.chat_id === user.id))).toEqual([
      'Your link for "短剧《霸道总裁爱上我》" was not accepted: the task was removed before your link was verified.',
    ]);
  });
});

describe('a task whose keywords are only "#"', () => {
  it('does not pass an unrelated video: the keyword is ignored and the title must appear', async () => {
    const { claim } = await claimDrama({ title: 'Secret Heiress', keywords_template: '#' });
    t.oembed.answer(video('cooking with grandma'));
    await submit(LINK(++videoNumber));
    expect(sentTexts(t.calls)).toEqual([
      'Got it: checking your TikTok link for "Secret Heiress" now. You will get the result here.',
      'Your post for "Secret Heiress" does not mention the task. Its title or caption must contain: Secret Heiress. Fix it and send the link again.',
    ]);
    expect((await findClaim(t.db, claim.id))?.status).toBe('rejected');
    expect(await balance()).toBe(0);
  });

  it('rejects every link, without asking the platform, when the task gives nothing usable to look for', async () => {
    const { claim } = await claimDrama({ title: '#', keywords_template: '#, ＃ ,' });
    t.oembed.answer(video('anything at all #'));
    await submit(LINK(++videoNumber));
    expect(sentTexts(t.calls)).toEqual([
      'Got it: checking your TikTok link for "#" now. You will get the result here.',
      'Your link for "#" cannot be verified: the task gives no drama name or keyword to look for in your post.',
    ]);
    expect(await findClaim(t.db, claim.id)).toMatchObject({
      status: 'rejected',
      last_verification_error: 'the task has no usable drama name, keyword or title',
    });
    expect(t.oembed.requested).toEqual([]);
    expect(await balance()).toBe(0);
  });
});
