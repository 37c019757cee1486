import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { video } from '../support/oembed.js';
import {
  type ApiCall,
  buttons,
  callbackUpdate,
  telegramUser,
  textUpdate,
} from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const send = (update: Update) => t.app.bot!.handleUpdate(update);

/** The largest task the API accepts, in a script where one character is two UTF-16 units. */
const LARGEST = {
  title: `《${'霸'.repeat(148)}》😀`.slice(0, 300),
  description: '😀'.repeat(2500),
  video_url: `https://cdn.example.com/${'v'.repeat(2048 - 'https://cdn.example.com/'.length - 4)}.mp4`,
  hashtags: 'a,'.repeat(500),
  keywords_template: `${'関'.repeat(99)},`.repeat(10),
  category: '분'.repeat(100),
  node_power_reward: 1_000_000,
};

/** Everything the bot sent fits Telegram's limits, and no text is cut inside a character. */
function expectWithinLimits(calls: readonly ApiCall[]) {
  for (const call of calls) {
    const text = call.payload.text;
    if (typeof text === 'string') {
      expect(text).not.toMatch(LONE_SURROGATE);
      const limit = call.method === 'answerCallbackQuery' ? 200 : 4096;
      expect(text.length, `${call.method} text`).toBeLessThanOrEqual(limit);
    }
    for (const button of buttons(call)) {
      expect(Buffer.byteLength(button.data), `callback_data ${button.data}`).toBeLessThanOrEqual(
        64,
      );
      expect(button.text.length).toBeLessThanOrEqual(64);
      expect(button.text).not.toMatch(LONE_SURROGATE);
    }
  }
}

describe('messages built from the largest task the API accepts', () => {
  it('fit Telegram’s limits all the way from browsing to the outcome, and the claim is answered with its whole video link', async () => {
    const { headers } = await t.newKey();
    const response = await t.request('/api/tasks', { method: 'POST', headers, json: LARGEST });
    expect(response.status).toBe(201);
    const task = (await response.json()).task;
    const user = telegramUser(70_001, { first_name: '😀'.repeat(32) });

    await send(textUpdate(user, '/start'));
    await send(callbackUpdate(user, 'lang:ja'));
    await send(textUpdate(user, '/tasks'));
    const category = buttons(t.calls.at(-1)!).find((b) => b.data.startsWith('cat:'))!;
    await send(callbackUpdate(user, category.data));
    await send(callbackUpdate(user, `task:${task.id}`));
    await send(callbackUpdate(user, `claim:${task.id}`));

    const claimed = t.calls.findLast((c) => c.method === 'sendMessage')!;
    expect(buttons(claimed).map((b) => b.data)).toEqual([expect.stringMatching(/^submit:\d+$/)]);
    expect(String(claimed.payload.text)).toContain(LARGEST.video_url);

    await send(textUpdate(user, 'https://www.tiktok.com/@fan/video/7600000000000000001'));
    t.oembed.answer(video('something else entirely'));
    await t.app.sweeper.runOnce();
    // Told the link was checked and rejected: every message arrived.
    expect(t.calls.filter((c) => c.method === 'sendMessage').length).toBeGreaterThanOrEqual(6);
    expectWithinLimits(t.calls);
  });

  it('keeps callback answers within 200 characters, even naming a long title', async () => {
    const { headers } = await t.newKey();
    const response = await t.request('/api/tasks', {
      method: 'POST',
      headers,
      json: { ...LARGEST, title: '題'.repeat(300) },
    });
    const task = (await response.json()).task;
    const user = telegramUser(70_002);
    await send(callbackUpdate(user, `claim:${task.id}`));
    const claim = await t.db
      .selectFrom('claims')
      .select('id')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers,
      json: { status: 'paused' },
    });
    t.calls.length = 0;
    await send(callbackUpdate(user, `submit:${claim.id}`));
    expect(t.calls[0]).toMatchObject({ method: 'answerCallbackQuery' });
    expectWithinLimits(t.calls);
  });
});
