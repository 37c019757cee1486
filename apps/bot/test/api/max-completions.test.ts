import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { video } from '../support/oembed.js';
import { callbackUpdate, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  ({ headers } = await t.newKey());
});
afterAll(() => t.close());

async function create(json: Record<string, unknown>) {
  return t.request('/api/tasks', { method: 'POST', headers, json });
}

describe('max_completions in the task API', () => {
  it('is stored, shown beside completions, changed and cleared by PATCH', async () => {
    const response = await create({ title: '《霸道总裁爱上我》', max_completions: 2 });
    expect(response.status).toBe(201);
    const { task } = await response.json();
    expect(task).toMatchObject({ max_completions: 2, completions: 0 });

    const user = telegramUser(90_001);
    await t.app.bot!.handleUpdate(callbackUpdate(user, `claim:${task.id}`));
    t.oembed.answer(video('霸道总裁爱上我'));
    await t.app.bot!.handleUpdate(
      textUpdate(user, 'https://www.tiktok.com/@a/video/7800000000000000001'),
    );
    await t.app.sweeper.runOnce();
    const shown = await (await t.request(`/api/tasks/${task.id}`, { headers })).json();
    expect(shown.task).toMatchObject({ claims: 1, completions: 1, max_completions: 2 });

    const patched = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers,
      json: { max_completions: 5 },
    });
    expect((await patched.json()).task.max_completions).toBe(5);
    const cleared = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers,
      json: { max_completions: null },
    });
    expect((await cleared.json()).task.max_completions).toBeNull();
  });

  it('defaults to no limit', async () => {
    const { task } = await (await create({ title: 'unlimited' })).json();
    expect(task.max_completions).toBeNull();
  });

  it.each([0, -1, 1.5, '3', 1_000_001])(
    'refuses max_completions %j, naming the field',
    async (value) => {
      const response = await create({ title: 'bad limit', max_completions: value });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ success: false, field: 'max_completions' });
    },
  );
});
