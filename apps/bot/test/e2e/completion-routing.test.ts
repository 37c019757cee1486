import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from '../support/event-schemas.js';
import { video } from '../support/oembed.js';
import { createTask } from '../support/operating.js';
import { callbackUpdate, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

type Receiver = Awaited<ReturnType<typeof startVerifyingReceiver>>;

let t: TestApp;
let key: { id: string; headers: Record<string, string> };
const receivers: Receiver[] = [];
let completions: Receiver;
let everything: Receiver;
let createdOnly: Receiver;
let fallback: Receiver;

async function endpoint(path: string, json: Record<string, unknown>, method = 'POST') {
  const receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
  receivers.push(receiver);
  const response = await t.request(path, {
    method,
    headers: key.headers,
    json: { url: receiver.url, ...json },
  });
  expect(response.status).toBeLessThan(300);
  receiver.state.secret = (await response.json()).endpoint.secret;
  return receiver;
}

beforeAll(async () => {
  t = await createTestApp();
  key = await t.newKey('routing');
  completions = await endpoint('/api/endpoints', { event_types: ['task.completed'] });
  everything = await endpoint('/api/endpoints', {});
  createdOnly = await endpoint('/api/endpoints', { event_types: ['task.created'] });
  fallback = await endpoint('/api/endpoint', {}, 'PUT');
}, 60_000);
afterAll(async () => {
  for (const receiver of receivers) await receiver.close();
  await t.close();
});

let nextUser = 5100;
async function completeThroughBot(taskId: number) {
  const user = telegramUser(++nextUser, { username: `fan${nextUser}` });
  const bot = t.app.bot!;
  await bot.handleUpdate(textUpdate(user, '/start'));
  await bot.handleUpdate(callbackUpdate(user, 'lang:en'));
  await bot.handleUpdate(callbackUpdate(user, `claim:${taskId}`));
  t.oembed.answer(video('Routing Drama ep1', 'drama_fan'));
  await bot.handleUpdate(
    textUpdate(user, `https://www.tiktok.com/@fan/video/${7_300_000 + nextUser}`),
  );
  await t.app.sweeper.runOnce();
  await t.app.notifier.runOnce();
}

const eventsOf = (receiver: Receiver) =>
  receiver.received.map((r) => {
    expect(r.refusal).toBeUndefined();
    expect(schemaErrors(r.raw)).toEqual([]);
    return (r.payload as { event: string }).event;
  });
const clear = () => {
  for (const receiver of receivers) receiver.received.length = 0;
};

describe('where a completion goes', () => {
  it("goes to the task's own callback only, as it always has", async () => {
    const own = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
    receivers.push(own);
    const task = await createTask(t, key.headers, {
      title: '《Routing Drama》 own',
      callback_url: own.url,
    });
    own.state.secret = task.callback_secret;
    await t.app.notifier.runOnce();
    clear();

    await completeThroughBot(task.id);
    expect(eventsOf(own)).toEqual(['task.completed']);
    for (const receiver of [completions, everything, createdOnly, fallback]) {
      expect(eventsOf(receiver)).toEqual([]);
    }
  });

  it('goes, for a task without one, once to each endpoint of the key subscribed to it, the default endpoint among them', async () => {
    const task = await createTask(t, key.headers, { title: '《Routing Drama》 shared' });
    await t.app.notifier.runOnce();
    expect(eventsOf(createdOnly)).toEqual(['task.created']);
    expect(eventsOf(everything)).toEqual(['task.created']);
    // The default endpoint hears only what it heard before: completions.
    expect(eventsOf(fallback)).toEqual([]);
    clear();

    await completeThroughBot(task.id);
    for (const receiver of [completions, everything, fallback]) {
      expect(eventsOf(receiver)).toEqual(['task.completed']);
    }
    expect(eventsOf(createdOnly)).toEqual([]);
    const ids = [completions, everything, fallback].map(
      (r) => r.received[0]!.headers['webhook-id'],
    );
    expect(new Set(ids).size).toBe(1);

    // The task's API shows the default endpoint's delivery, as before.
    const view = (await (await t.request(`/api/tasks/${task.id}`, { headers: key.headers })).json())
      .task;
    expect(view).toMatchObject({ callback_status: 'success', callback_attempts: 1 });
    const delivery = await t.request(`/api/deliveries/${view.callback_delivery_id}`, {
      headers: key.headers,
    });
    expect((await delivery.json()).delivery.endpoint_id).toBe(`apikey_${key.id}`);
  });
});
