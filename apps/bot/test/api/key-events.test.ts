import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from '../support/event-schemas.js';
import { video } from '../support/oembed.js';
import { createTask } from '../support/operating.js';
import { callbackUpdate, lastMessage, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

let t: TestApp;
let key: { id: string; headers: Record<string, string> };
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
/** An endpoint of the same key subscribed to task.completed only: it hears none of these. */
let completionsOnly: Awaited<ReturnType<typeof startVerifyingReceiver>>;
let seen = 0;

beforeAll(async () => {
  t = await createTestApp();
  key = await t.newKey('events');
  receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
  completionsOnly = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
  receiver.state.secret = await subscribe(receiver.url, ['task.*', 'submission.rejected']);
  completionsOnly.state.secret = await subscribe(completionsOnly.url, ['task.completed']);
}, 60_000);
afterAll(async () => {
  await receiver.close();
  await completionsOnly.close();
  await t.close();
});

async function subscribe(url: string, eventTypes: string[]): Promise<string> {
  const response = await t.request('/api/endpoints', {
    method: 'POST',
    headers: key.headers,
    json: { url, event_types: eventTypes },
  });
  expect(response.status).toBe(201);
  return (await response.json()).endpoint.secret;
}

/**
 * Delivers what is due and returns the webhooks that arrived since the last call, each
 * checked: its signature verified with the endpoint's secret, its bytes valid against the
 * schema of its event type.
 */
async function arrived() {
  await t.app.notifier.runOnce();
  const fresh = receiver.received.slice(seen);
  seen = receiver.received.length;
  for (const webhook of fresh) {
    expect(webhook.refusal).toBeUndefined();
    expect(schemaErrors(webhook.raw)).toEqual([]);
  }
  return fresh.map(
    (webhook) => webhook.payload as { event: string; data: Record<string, unknown> },
  );
}

const patch = (id: number, json: object) =>
  t.request(`/api/tasks/${id}`, { method: 'PATCH', headers: key.headers, json });

describe("a key's subscribed endpoints hear about its tasks", () => {
  it('receives task.created for each task created, signed and as its schema says', async () => {
    const task = await createTask(t, key.headers, {
      title: 'Episode 1 《CEO Secret Love》',
      task_id: 'x2c-1',
      keywords_template: 'ceo',
    });

    const [event, ...more] = await arrived();
    expect(more).toEqual([]);
    expect(event).toEqual({
      event: 'task.created',
      timestamp: task.created_at,
      data: expect.objectContaining({
        relay_task_id: task.id,
        task_id: 'x2c-1',
        title: 'Episode 1 《CEO Secret Love》',
        status: 'active',
        callback_url: null,
      }),
    });
  });

  it('receives task.updated naming what changed, and nothing for a change of nothing', async () => {
    const task = await createTask(t, key.headers, { title: 'Before', node_power_reward: 5 });
    await arrived();

    expect((await patch(task.id, { title: 'After', node_power_reward: 5 })).status).toBe(200);
    const [event] = await arrived();
    expect(event).toMatchObject({
      event: 'task.updated',
      data: { relay_task_id: task.id, title: 'After', changed: ['title'] },
    });

    expect((await patch(task.id, { title: 'After' })).status).toBe(200);
    expect(await arrived()).toEqual([]);
  });

  it('receives task.paused when a task is paused, and task.updated when it resumes', async () => {
    const task = await createTask(t, key.headers, { title: 'Pausable' });
    await arrived();

    await patch(task.id, { status: 'paused' });
    await patch(task.id, { status: 'active' });
    const events = await arrived();
    expect(events.map((e) => [e.event, e.data.status, e.data.changed])).toEqual([
      ['task.paused', 'paused', ['status']],
      ['task.updated', 'active', ['status']],
    ]);
  });

  it('receives task.expired once when a task passes expires_at, and again after it is extended and passes again', async () => {
    const task = await createTask(t, key.headers, { title: 'Short-lived' });
    await arrived();
    const soon = new Date(t.clock.now() + 60_000).toISOString();
    await patch(task.id, { expires_at: soon });
    await arrived();

    expect(await t.app.expirySweeper.runOnce()).toBe(0);
    t.clock.advance(61_000);
    expect(await t.app.expirySweeper.runOnce()).toBe(1);
    expect(await t.app.expirySweeper.runOnce()).toBe(0);
    const [expired, ...more] = await arrived();
    expect(more).toEqual([]);
    expect(expired).toMatchObject({
      event: 'task.expired',
      timestamp: soon,
      data: { relay_task_id: task.id, status: 'expired', expires_at: soon },
    });

    const later = new Date(t.clock.now() + 60_000).toISOString();
    await patch(task.id, { expires_at: later });
    t.clock.advance(61_000);
    await t.app.expirySweeper.runOnce();
    expect((await arrived()).map((e) => [e.event, e.data.expires_at])).toEqual([
      ['task.updated', later],
      ['task.expired', later],
    ]);
  });

  it('receives task.deleted with the task as it was', async () => {
    const task = await createTask(t, key.headers, { title: 'Doomed', task_id: 'x2c-doomed' });
    await arrived();

    const response = await t.request(`/api/tasks/${task.id}`, {
      method: 'DELETE',
      headers: key.headers,
    });
    expect(response.status).toBe(200);
    const [event] = await arrived();
    expect(event).toMatchObject({
      event: 'task.deleted',
      timestamp: new Date(t.clock.now()).toISOString(),
      data: { relay_task_id: task.id, task_id: 'x2c-doomed', title: 'Doomed' },
    });
    expect(
      (await t.request(`/api/tasks/${task.id}`, { method: 'DELETE', headers: key.headers })).status,
    ).toBe(404);
    expect(await arrived()).toEqual([]);
  });

  it('receives submission.rejected with the very message the user was sent', async () => {
    const task = await createTask(t, key.headers, {
      title: 'Episode 2 《CEO Secret Love》',
      keywords_template: 'ceo',
    });
    await arrived();
    const user = telegramUser(7001, { username: 'fan7001' });
    const bot = t.app.bot!;
    await bot.handleUpdate(textUpdate(user, '/start'));
    await bot.handleUpdate(callbackUpdate(user, 'lang:es'));
    await bot.handleUpdate(callbackUpdate(user, `claim:${task.id}`));
    t.oembed.answer(video('A cooking video', 'chef'));
    const link = 'https://www.tiktok.com/@fan7001/video/7000000000000000001';
    await bot.handleUpdate(textUpdate(user, link));
    await t.app.sweeper.runOnce();

    const [event] = await arrived();
    expect(event).toMatchObject({
      event: 'submission.rejected',
      data: {
        relay_task_id: task.id,
        user_id: user.id,
        username: 'fan7001',
        platform: 'tiktok',
        submission_link: link,
        reason: 'no_match',
        language: 'es',
        verification_details: { matched: false },
      },
    });
    expect(event!.data.reason_text).toBe(lastMessage(t.calls).payload.text);
  });

  it('sends none of these to an endpoint of the key subscribed to other events', async () => {
    await t.app.notifier.runOnce();
    expect(completionsOnly.received).toEqual([]);
  });
});
