import { generateSecret } from '@dramarelay/receiver-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, deliverRounds, getJson, sendTestWebhook } from '../support/operating.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

let t: TestApp;
let headers: Record<string, string>;
const receivers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  ({ headers } = await t.newKey('x2c'));
}, 60_000);
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await t.close();
});

async function receiver(secret: string, answer?: number) {
  const started = await startVerifyingReceiver({ secret, now: () => t.clock.now() });
  started.state.answer = answer;
  receivers.push(started);
  return started;
}

/** A webhook that failed its first attempt at `wrong` and now waits for its retry. */
async function waitingAfterOneFailure(taskId: number | null) {
  const sent = await sendTestWebhook(t, headers, taskId);
  await t.app.notifier.runOnce();
  const shown = await getJson(t, `/api/deliveries/${sent.delivery_id}`, headers);
  expect(shown.body.delivery).toMatchObject({ status: 'pending', attempts: 1 });
  return sent;
}

describe('changing a callback moves the deliveries that wait for it', () => {
  it('PATCH of callback_url and callback_secret: the waiting delivery goes to the new URL, signed with the new secret', async () => {
    const wrong = await receiver('unset', 503);
    const task = await createTask(t, headers, { title: 'moved', callback_url: wrong.url });
    wrong.state.secret = task.callback_secret;
    const sent = await waitingAfterOneFailure(task.id);

    const newSecret = generateSecret();
    const right = await receiver(newSecret);
    const patch = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers,
      json: { callback_url: right.url, callback_secret: newSecret },
    });
    expect(patch.status).toBe(200);
    await deliverRounds(t, 2);

    expect(wrong.received).toHaveLength(1);
    expect(right.received.map((r) => r.refusal)).toEqual([undefined]);
    expect(right.received[0]!.headers['webhook-id']).toBe(wrong.received[0]!.headers['webhook-id']);
    const shown = await getJson(t, `/api/deliveries/${sent.delivery_id}`, headers);
    expect(shown.body.delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(shown.body.endpoint).toMatchObject({ url: right.url, scheme: 'standard-webhooks' });
  });

  it('PATCH of the scheme to legacy: the next attempt is signed the legacy way', async () => {
    const site = await receiver('unset', 503);
    const task = await createTask(t, headers, { title: 'rescheme', callback_url: site.url });
    site.state.secret = task.callback_secret;
    await waitingAfterOneFailure(task.id);

    const patch = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers,
      json: { callback_secret: 'x2c_plain_secret', callback_scheme: 'legacy' },
    });
    expect(patch.status).toBe(200);
    site.state.secret = 'x2c_plain_secret';
    site.state.answer = undefined;
    await deliverRounds(t, 2);

    expect(site.received).toHaveLength(2);
    expect(site.received[1]!.refusal).toBeUndefined();
    expect(site.received[1]!.headers['x-webhook-signature']).toEqual(expect.any(String));
    expect(site.received[1]!.headers['webhook-signature']).toBeUndefined();
  });

  it('PUT /api/endpoint: deliveries waiting for the default endpoint follow its new URL and secret', async () => {
    const wrong = await receiver('x2c_old_secret', 503);
    await t.request('/api/endpoint', {
      method: 'PUT',
      headers,
      json: { url: wrong.url, secret: 'x2c_old_secret', scheme: 'legacy' },
    });
    const sent = await waitingAfterOneFailure(null);

    const right = await receiver('x2c_new_secret');
    const put = await t.request('/api/endpoint', {
      method: 'PUT',
      headers,
      json: { url: right.url, secret: 'x2c_new_secret', scheme: 'legacy' },
    });
    expect(put.status).toBe(200);
    await deliverRounds(t, 2);

    expect(wrong.received).toHaveLength(1);
    expect(right.received.map((r) => r.refusal)).toEqual([undefined]);
    const shown = await getJson(t, `/api/deliveries/${sent.delivery_id}`, headers);
    expect(shown.body.delivery.status).toBe('delivered');
  });

  it('a callback never used yet is simply saved (there is nothing waiting to move)', async () => {
    const task = await createTask(t, headers, {
      title: 'unused',
      callback_url: 'http://127.0.0.1:9/unused',
    });
    const patch = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers,
      json: { callback_url: 'http://127.0.0.1:9/other' },
    });
    expect(patch.status).toBe(200);
    const endpoint = await getJson(t, `/api/endpoints/task_${task.id}`, headers);
    expect(endpoint.status).toBe(404);
  });
});
