import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveOnLocalPort } from '../support/http-server.js';
import { createTask, getJson, sendTestWebhook } from '../support/operating.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

let t: TestApp;
let headers: Record<string, string>;
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  ({ headers } = await t.newKey('x2c'));
}, 60_000);
afterAll(() => t.close());
beforeEach(async () => {
  receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
});
afterEach(() => receiver.close());

describe('a test webhook checks a receiver without Telegram and without a completion', () => {
  it('sends a signed webhook.test to the task callback, over real HTTP, that receiver-verify accepts', async () => {
    const task = await createTask(t, headers, {
      title: 'Episode 1',
      task_id: 'x2c-test-1',
      callback_url: receiver.url,
    });
    receiver.state.secret = task.callback_secret;
    const server = await serveOnLocalPort(t.app.api);
    try {
      const response = await fetch(`${server.url}/api/tasks/${task.id}/test-webhook`, {
        method: 'POST',
        headers,
      });
      expect(response.status).toBe(202);
      const sent = await response.json();
      expect(sent).toMatchObject({
        success: true,
        endpoint_id: `task_${task.id}`,
        event_type: 'webhook.test',
        status: 'pending',
      });

      await t.app.notifier.runOnce();
      expect(receiver.received.map((r) => r.refusal)).toEqual([undefined]);
      expect(receiver.verified()).toEqual([
        {
          event: 'webhook.test',
          timestamp: new Date(t.clock.now()).toISOString(),
          data: {
            relay_task_id: task.id,
            task_id: 'x2c-test-1',
            endpoint: 'task',
            message: expect.stringContaining('test webhook'),
          },
        },
      ]);
      expect(receiver.received[0]!.headers['webhook-id']).toBe(sent.webhook_id);

      const shown = await (
        await fetch(`${server.url}/api/deliveries/${sent.delivery_id}`, { headers })
      ).json();
      expect(shown.delivery).toMatchObject({
        id: sent.delivery_id,
        event_type: 'webhook.test',
        status: 'delivered',
        claim_id: null,
        payload: { event: 'webhook.test' },
        attempt_log: [{ attempt: 1, status_code: 200, error: null }],
      });
    } finally {
      await server.close();
    }
  });

  it('tests the default endpoint the legacy way, with the X-Webhook-Event header', async () => {
    const put = await t.request('/api/endpoint', {
      method: 'PUT',
      headers,
      json: { url: receiver.url, secret: 'x2c_legacy_2024', scheme: 'legacy' },
    });
    expect(put.status).toBe(200);
    receiver.state.secret = 'x2c_legacy_2024';
    const sent = await sendTestWebhook(t, headers, null);
    expect(sent.endpoint_id).toMatch(/^apikey_/);
    await t.app.notifier.runOnce();

    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-webhook-event']).toBe('webhook.test');
    expect(receiver.verified()).toEqual([
      expect.objectContaining({
        event: 'webhook.test',
        data: expect.objectContaining({ relay_task_id: null, endpoint: 'default' }),
      }),
    ]);
  });

  it('tests the default endpoint for a task without a callback_url of its own', async () => {
    receiver.state.secret = 'x2c_legacy_2024';
    await t.request('/api/endpoint', {
      method: 'PUT',
      headers,
      json: { url: receiver.url, secret: 'x2c_legacy_2024', scheme: 'legacy' },
    });
    const task = await createTask(t, headers, { title: 'no own callback' });
    const sent = await sendTestWebhook(t, headers, task.id);
    expect(sent.endpoint_id).toMatch(/^apikey_/);
    await t.app.notifier.runOnce();
    expect(receiver.verified()).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ relay_task_id: task.id, endpoint: 'default' }),
      }),
    ]);
  });

  it('says there is nothing to test when neither the task nor the key has an endpoint', async () => {
    const other = await t.newKey('no endpoint');
    const task = await createTask(t, other.headers, { title: 'silent' });
    const response = await t.request(`/api/tasks/${task.id}/test-webhook`, {
      method: 'POST',
      headers: other.headers,
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ success: false, reason: 'no_endpoint' });
    const none = await t.request('/api/endpoint/test-webhook', {
      method: 'POST',
      headers: other.headers,
    });
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ success: false, reason: 'not_found' });
  });

  it("is a 404 for an unknown task and for another key's task", async () => {
    const task = await createTask(t, headers, { title: 'mine', callback_url: receiver.url });
    const other = await t.newKey('other');
    for (const [path, h] of [
      [`/api/tasks/${task.id}/test-webhook`, other.headers],
      ['/api/tasks/99999999/test-webhook', headers],
      ['/api/tasks/abc/test-webhook', headers],
    ] as const) {
      const response = await t.request(path, { method: 'POST', headers: h });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ success: false, reason: 'not_found' });
    }
    const shown = await getJson(t, '/api/deliveries?limit=1000', other.headers);
    expect(shown.body.deliveries).toEqual([]);
  });
});
