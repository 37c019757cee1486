import { createHmac } from 'node:crypto';
import { verify, verifyWebhook } from '@dramarelay/receiver-verify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { video } from '../support/oembed.js';
import { startReceiver } from '../support/receiver.js';
import { callbackUpdate, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  ({ headers } = await t.newKey('x2c'));
});
afterAll(() => t.close());
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

let nextUser = 9000;
let nextVideo = 8_100_000;

/** A user claims the task through the bot and submits a link to a matching video. */
async function completeThroughBot(taskId: number, videoTitle: string) {
  const user = telegramUser(++nextUser, { username: `fan${nextUser}` });
  const bot = t.app.bot!;
  await bot.handleUpdate(textUpdate(user, '/start'));
  await bot.handleUpdate(callbackUpdate(user, 'lang:zh-CN'));
  await bot.handleUpdate(callbackUpdate(user, `claim:${taskId}`));
  t.oembed.answer(video(videoTitle, 'drama_fan'));
  const link = `https://www.tiktok.com/@fan${nextUser}/video/${++nextVideo}`;
  await bot.handleUpdate(textUpdate(user, link));
  await t.app.sweeper.runOnce();
  return { user, link };
}

async function createTask(json: Record<string, unknown>) {
  const response = await t.request('/api/tasks', { method: 'POST', headers, json });
  expect(response.status).toBe(201);
  return (await response.json()).task;
}

describe('a completion reaches the integrator, signed', () => {
  it('delivers one Standard Webhooks task.completed that receiver-verify accepts, and reports success', async () => {
    const task = await createTask({
      title: 'Episode 1 《CEO Secret Love》',
      task_id: 'x2c-std-1',
      node_power_reward: 20,
      keywords_template: 'ceo,love',
      callback_url: receiver.url,
    });
    const secret: string = task.callback_secret;
    const { user, link } = await completeThroughBot(task.id, 'CEO Secret Love ep1 #love');

    const before = await (await t.request(`/api/tasks/${task.id}`, { headers })).json();
    expect(before.task).toMatchObject({
      callback_status: 'pending',
      callback_attempts: 0,
      completions: 1,
    });

    await t.app.notifier.runOnce();
    await t.app.notifier.runOnce();
    expect(receiver.received).toHaveLength(1);
    const [webhook] = receiver.received;

    const verified = await verifyWebhook(
      webhook!.raw,
      webhook!.headers as Record<string, string>,
      secret,
      {
        now: () => t.clock.now(),
      },
    );
    expect(verified.scheme).toBe('standard-webhooks');
    const verifiedAt = new Date(t.clock.now()).toISOString();
    expect(verified.payload).toEqual({
      event: 'task.completed',
      timestamp: verifiedAt,
      data: {
        task_id: 'x2c-std-1',
        relay_task_id: task.id,
        task_title: 'Episode 1 《CEO Secret Love》',
        user_id: user.id,
        username: user.username,
        platform: 'tiktok',
        submission_link: link,
        submitted_at: verifiedAt,
        verified_at: verifiedAt,
        node_power_earned: 20,
        verification_status: 'verified',
        verification_details: {
          matched: true,
          match_rate: 100,
          matched_keywords: ['CEO Secret Love', 'ceo', 'love'],
        },
      },
    });
    expect(JSON.stringify(webhook!.headers)).not.toContain(secret);

    const after = await (await t.request(`/api/tasks/${task.id}`, { headers })).json();
    expect(after.task).toMatchObject({
      callback_status: 'success',
      callback_attempts: 1,
      callback_last_status_code: 200,
      callback_last_error: null,
    });
    expect(after.task.callback_last_attempt).toEqual(expect.any(String));

    const log = await (await t.request(`/api/tasks/${task.id}/deliveries`, { headers })).json();
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({
      user_id: user.id,
      status: 'success',
      attempts: 1,
      attempt_log: [{ attempt: 1, status_code: 200, error: null }],
    });
  });

  it('signs the legacy way, over the exact UTF-8 bytes of a Chinese title', async () => {
    const secret = 'x2c_legacy_secret_2024';
    const task = await createTask({
      title: '短剧任务 - 《霸道总裁爱上我》',
      task_id: 'x2c-legacy-1',
      keywords_template: '霸道总裁,爱情,豪门',
      callback_url: receiver.url,
      callback_secret: secret,
    });
    expect(task.callback_scheme).toBe('legacy');
    await completeThroughBot(task.id, '霸道总裁爱上我 第1集 爱情');
    await t.app.notifier.runOnce();

    expect(receiver.received).toHaveLength(1);
    const [webhook] = receiver.received;
    const h = webhook!.headers;
    expect(h['x-webhook-event']).toBe('task.completed');
    expect(h['user-agent']).toBe('X2C-Bot-Webhook/1.0');
    expect(h['x-webhook-secret']).toBeUndefined();
    expect(webhook!.raw.toString('utf8')).toContain('"task_title":"短剧任务 - 《霸道总裁爱上我》"');
    const payload = (await verify(webhook!.raw, h as Record<string, string>, secret, {
      scheme: 'legacy',
      now: () => t.clock.now(),
    })) as { data: { task_title: string; verification_details: unknown } };
    expect(payload.data.task_title).toBe('短剧任务 - 《霸道总裁爱上我》');
    expect(payload.data.verification_details).toEqual({
      matched: true,
      match_rate: 75,
      matched_keywords: ['霸道总裁爱上我', '霸道总裁', '爱情'],
    });
    const expected = createHmac('sha256', secret).update(webhook!.raw).digest('hex');
    expect(h['x-webhook-signature']).toBe(`sha256=${expected}`);

    const after = await (await t.request(`/api/tasks/${task.id}`, { headers })).json();
    expect(after.task.callback_status).toBe('success');
  });

  it('uses the key’s default endpoint for a task without its own callback', async () => {
    const put = await t.request('/api/endpoint', {
      method: 'PUT',
      headers,
      json: { url: receiver.url },
    });
    const secret: string = (await put.json()).endpoint.secret;
    const task = await createTask({ title: 'No callback 《Default Route》' });
    await completeThroughBot(task.id, 'Default Route');
    await t.app.notifier.runOnce();
    expect(receiver.received).toHaveLength(1);
    const payload = (await verify(
      receiver.received[0]!.raw,
      receiver.received[0]!.headers as Record<string, string>,
      secret,
      {
        now: () => t.clock.now(),
      },
    )) as { data: { task_id: string | null; relay_task_id: number } };
    expect(payload.data).toMatchObject({ task_id: null, relay_task_id: task.id });
    await t.request('/api/endpoint', { method: 'DELETE', headers });
  });

  it('shows a failing callback as pending with its error, retries it, and redelivers on request', async () => {
    const failing = await startReceiver(503);
    try {
      const task = await createTask({ title: 'Flaky 《Retry Me》', callback_url: failing.url });
      await completeThroughBot(task.id, 'Retry Me');
      await t.app.notifier.runOnce();
      const pending = await (await t.request(`/api/tasks/${task.id}`, { headers })).json();
      expect(pending.task).toMatchObject({
        callback_status: 'pending',
        callback_attempts: 1,
        callback_last_status_code: 503,
      });
      expect(pending.task.callback_last_error).toEqual(expect.any(String));

      t.clock.advance(60_000);
      await t.app.notifier.runOnce();
      expect(failing.received).toHaveLength(2);
      const ids = failing.received.map((r) => r.headers['webhook-id']);
      expect(ids[0]).toEqual(expect.stringMatching(/^msg_/));
      expect(ids[1]).toBe(ids[0]);
      const delivered = await (await t.request(`/api/tasks/${task.id}`, { headers })).json();
      expect(delivered.task).toMatchObject({ callback_status: 'success', callback_attempts: 2 });

      const deliveryId: string = delivered.task.callback_delivery_id;
      const other = await t.newKey('someone else');
      const foreign = await t.request(`/api/deliveries/${deliveryId}/redeliver`, {
        method: 'POST',
        headers: other.headers,
      });
      expect(foreign.status).toBe(404);

      const redeliver = await t.request(`/api/deliveries/${deliveryId}/redeliver`, {
        method: 'POST',
        headers,
      });
      expect(redeliver.status).toBe(202);
      expect(await redeliver.json()).toMatchObject({
        success: true,
        delivery_id: deliveryId,
        status: 'pending',
      });
      await t.app.notifier.runOnce();
      expect(failing.received).toHaveLength(3);
      expect(failing.received[2]!.headers['webhook-id']).toBe(ids[0]);
      const log = await (await t.request(`/api/tasks/${task.id}/deliveries`, { headers })).json();
      expect(
        log.deliveries[0].attempt_log.map((a: { status_code: number }) => a.status_code),
      ).toEqual([503, 200, 200]);
    } finally {
      await failing.close();
    }
  });
});
