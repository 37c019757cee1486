import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { categoryKey } from '../../src/tasks/category-key.js';
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
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  t.calls.length = 0;
  await t.db.deleteFrom('claims').execute();
  await t.db.deleteFrom('tasks').execute();
});

const send = (update: Update) => t.app.bot!.handleUpdate(update);
const user = telegramUser(3001);

describe('browsing tasks', () => {
  it('says so when there is nothing to do', async () => {
    await send(textUpdate(user, '/tasks'));
    expect(sentTexts(t.calls)).toEqual(['There are no active tasks right now. Check back later.']);
  });

  it('shows active tasks six to a page, newest first, with a way to the next page', async () => {
    const tasks = [];
    for (let i = 1; i <= 8; i++)
      tasks.push(await seedTask(t.db, t.clock.now(), { title: `Clip ${i}` }));
    await send(callbackUpdate(user, 'menu:tasks'));
    const first = lastMessage(t.calls);
    expect(first.payload.text).toBe('Active tasks (page 1 of 2). Pick one:');
    expect(buttons(first)).toEqual([
      ...tasks
        .slice(2)
        .reverse()
        .map((task) => ({ text: `${task.title} · 10`, data: `task:${task.id}` })),
      { text: 'Next »', data: 'tasks:2' },
    ]);

    await send(callbackUpdate(user, 'tasks:2'));
    const second = lastMessage(t.calls);
    expect(second.method).toBe('editMessageText');
    expect(buttons(second).map((b) => b.data)).toEqual([
      `task:${tasks[1]!.id}`,
      `task:${tasks[0]!.id}`,
      'tasks:1',
    ]);
  });

  it('hides paused, expired and deleted tasks', async () => {
    const now = t.clock.now();
    await seedTask(t.db, now, { title: 'paused', status: 'paused' });
    await seedTask(t.db, now, { title: 'expired', expires_at: new Date(now - 1) });
    await seedTask(t.db, now, { title: 'deleted', deleted_at: new Date(now) });
    const open = await seedTask(t.db, now, { title: 'open' });
    await send(textUpdate(user, '/tasks'));
    expect(buttons(lastMessage(t.calls)).map((b) => b.data)).toEqual([`task:${open.id}`]);
  });

  it('lets a task expire after its hours, while the user looks at it', async () => {
    const task = await seedTask(t.db, t.clock.now(), {
      expires_at: new Date(t.clock.now() + 3_600_000),
    });
    t.clock.advance(3_600_000);
    await send(callbackUpdate(user, `claim:${task.id}`));
    expect(t.calls.at(-1)).toMatchObject({
      method: 'answerCallbackQuery',
      payload: { text: 'This task is no longer available.' },
    });
    expect(await t.db.selectFrom('claims').selectAll().execute()).toEqual([]);
  });
});

describe('claiming a task', () => {
  it('answers with the video link and the text to post: title, description and hashtags', async () => {
    const task = await seedTask(t.db, t.clock.now(), {
      title: '《霸道总裁爱上我》 第1集',
      description: '总裁的秘密',
      hashtags: '霸道总裁, #短剧',
      video_url: 'https://cdn.example.com/ep1.mp4',
    });
    await send(callbackUpdate(user, `task:${task.id}`));
    expect(buttons(lastMessage(t.calls))).toEqual([
      { text: 'Claim this task', data: `claim:${task.id}` },
    ]);

    await send(callbackUpdate(user, `claim:${task.id}`));
    const reply = lastMessage(t.calls);
    expect(reply.payload.text).toBe(
      'Task claimed: 《霸道总裁爱上我》 第1集\n\n1. Download the video: https://cdn.example.com/ep1.mp4\n2. Post it with this text:\n\n《霸道总裁爱上我》 第1集\n\n总裁的秘密\n\n#霸道总裁 #短剧\n\n3. Send me the link of your post.',
    );
    const claim = await t.db.selectFrom('claims').selectAll().executeTakeFirstOrThrow();
    expect(buttons(reply)).toEqual([{ text: 'Submit my link', data: `submit:${claim.id}` }]);
  });

  it('keeps one claim per user and task, however often the button is pressed', async () => {
    const task = await seedTask(t.db, t.clock.now());
    await Promise.all([1, 2, 3].map(() => send(callbackUpdate(user, `claim:${task.id}`))));
    await send(callbackUpdate(user, `claim:${task.id}`));
    const claims = await t.db
      .selectFrom('claims')
      .selectAll()
      .where('task_id', '=', task.id)
      .execute();
    expect(claims).toHaveLength(1);
    expect(t.calls.at(-2)).toMatchObject({
      method: 'answerCallbackQuery',
      payload: { text: 'You have already claimed this task.' },
    });
  });

  it('refuses, by constraint, a second claim row written behind the bot’s back', async () => {
    const task = await seedTask(t.db, t.clock.now());
    await send(callbackUpdate(user, `claim:${task.id}`));
    const now = new Date();
    await expect(
      t.db
        .insertInto('claims')
        .values({
          task_id: task.id,
          user_id: user.id,
          status: 'claimed',
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow(/claims_user_task_unique/);
  });
});

describe('browsing by category', () => {
  it('asks for a category first, with how many tasks each has, then lists only that category', async () => {
    const now = t.clock.now();
    const romance = [
      await seedTask(t.db, now, { title: 'Love 1', category: '甜宠' }),
      await seedTask(t.db, now, { title: 'Love 2', category: '甜宠' }),
    ];
    const revenge = await seedTask(t.db, now, { title: 'Payback', category: 'Revenge' });
    const plain = await seedTask(t.db, now, { title: 'No category' });

    await send(textUpdate(user, '/tasks'));
    const choice = lastMessage(t.calls);
    expect(choice.payload.text).toBe('Choose a category:');
    expect(buttons(choice)).toEqual([
      { text: '甜宠 (2)', data: `cat:${categoryKey('甜宠')}` },
      { text: 'Revenge (1)', data: `cat:${categoryKey('Revenge')}` },
      { text: 'Other (1)', data: 'cat:-' },
      { text: 'All tasks (4)', data: 'cat:*' },
    ]);

    await send(callbackUpdate(user, `cat:${categoryKey('甜宠')}`));
    const list = lastMessage(t.calls);
    expect(list.method).toBe('editMessageText');
    expect(list.payload.text).toBe('甜宠: active tasks (page 1 of 1). Pick one:');
    expect(buttons(list)).toEqual([
      { text: 'Love 2 · 10', data: `task:${romance[1]!.id}` },
      { text: 'Love 1 · 10', data: `task:${romance[0]!.id}` },
      { text: '« Categories', data: 'cats' },
    ]);

    await send(callbackUpdate(user, 'cat:-'));
    expect(buttons(lastMessage(t.calls)).map((b) => b.data)).toEqual([`task:${plain.id}`, 'cats']);
    await send(callbackUpdate(user, 'cat:*'));
    expect(buttons(lastMessage(t.calls)).map((b) => b.data)).toEqual([
      `task:${plain.id}`,
      `task:${revenge.id}`,
      `task:${romance[1]!.id}`,
      `task:${romance[0]!.id}`,
      'cats',
    ]);
    await send(callbackUpdate(user, 'cats'));
    expect(lastMessage(t.calls)).toMatchObject({
      method: 'editMessageText',
      payload: { text: 'Choose a category:' },
    });
  });

  it('pages within a category, six to a page', async () => {
    for (let i = 1; i <= 8; i++) {
      await seedTask(t.db, t.clock.now(), { title: `Clip ${i}`, category: 'Comedy' });
    }
    const key = categoryKey('Comedy');
    await send(callbackUpdate(user, `cat:${key}`));
    expect(buttons(lastMessage(t.calls)).slice(-2)).toEqual([
      { text: 'Next »', data: `tasks:${key}:2` },
      { text: '« Categories', data: 'cats' },
    ]);
    await send(callbackUpdate(user, `tasks:${key}:2`));
    const second = lastMessage(t.calls);
    expect(second.payload.text).toBe('Comedy: active tasks (page 2 of 2). Pick one:');
    expect(buttons(second).map((b) => b.text)).toEqual([
      'Clip 2 · 10',
      'Clip 1 · 10',
      '« Previous',
      '« Categories',
    ]);
  });

  it('goes back to the categories when the chosen one has no task left', async () => {
    await seedTask(t.db, t.clock.now(), { title: 'Kept', category: 'Kept' });
    await send(callbackUpdate(user, `cat:${categoryKey('Gone')}`));
    expect(lastMessage(t.calls).payload.text).toBe('Choose a category:');
  });
});
