import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTask } from '../support/seed.js';
import { callbackUpdate, sentTexts, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const send = (update: Update) => t.app.bot!.handleUpdate(update);

describe('updates handled at the same time', () => {
  it('keeps one chat’s updates in order while other chats go on', async () => {
    const task = await seedTask(t.db, t.clock.now(), { title: 'Ordered' });
    const user = telegramUser(95_001);
    const other = telegramUser(95_002);
    await send(callbackUpdate(user, `claim:${task.id}`));

    // Telegram is slow to accept the answer to the link: that update is still running.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.app.bot!.api.config.use(async (prev, method, payload, signal) => {
      const text = (payload as { text?: string }).text ?? '';
      if (method === 'sendMessage' && text.startsWith('Got it')) await held;
      return prev(method, payload, signal);
    });
    t.calls.length = 0;

    const link = send(textUpdate(user, 'https://www.tiktok.com/@fan/video/7900000000000000001'));
    const power = send(textUpdate(user, '/power'));
    const otherPower = send(textUpdate(other, '/power'));
    await otherPower;
    expect(sentTexts(t.calls)).toEqual(['Your node power: 0\nRank: #1\nCompleted tasks: 0']);
    // The same /power in this chat, unordered, would be answered as soon as the other one was;
    // give it more than that, then check it is still waiting for the link's update.
    await Promise.race([power, new Promise((resolve) => setTimeout(resolve, 1000))]);
    expect(t.calls.filter((c) => c.payload.chat_id === user.id)).toEqual([]);

    release();
    await Promise.all([link, power]);
    expect(sentTexts(t.calls.filter((c) => c.payload.chat_id === user.id))).toEqual([
      'Got it: checking your TikTok link for "Ordered" now. You will get the result here.',
      'Your node power: 0\nRank: #1\nCompleted tasks: 0',
    ]);
  });
});
