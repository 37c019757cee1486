import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, getJson, sendTestWebhook } from '../support/operating.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

const DAY = 86_400_000;
let t: TestApp;
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
beforeAll(async () => {
  // random 0: the first retention run comes at once after start() instead of within a minute.
  t = await createTestApp({
    withBot: false,
    random: () => 0,
    env: { WEBHOOK_RETENTION_DELIVERED_DAYS: '3' },
  });
  receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
}, 60_000);
afterAll(async () => {
  await receiver.close();
  await t.close();
});

describe('retention in the running app', () => {
  it('prunes delivered webhooks older than WEBHOOK_RETENTION_DELIVERED_DAYS, keeps younger ones', async () => {
    const { headers } = await t.newKey('x2c');
    const task = await createTask(t, headers, { title: 'kept?', callback_url: receiver.url });
    receiver.state.secret = task.callback_secret;
    const old = await sendTestWebhook(t, headers, task.id);
    await t.app.notifier.runOnce();
    t.clock.advance(2 * DAY);
    const young = await sendTestWebhook(t, headers, task.id);
    await t.app.notifier.runOnce();
    t.clock.advance(1.5 * DAY);

    const pruned = new Promise<{ messages: number }>((resolve) =>
      t.app.notifier.on('retention.pruned', (result) => resolve(result as { messages: number })),
    );
    await t.app.start();
    // The old test webhook, and the task's task.created, which no endpoint of the key took.
    expect((await pruned).messages).toBe(2);

    expect((await getJson(t, `/api/deliveries/${old.delivery_id}`, headers)).status).toBe(404);
    const kept = await getJson(t, `/api/deliveries/${young.delivery_id}`, headers);
    expect(kept.body.delivery.status).toBe('delivered');
  });
});
