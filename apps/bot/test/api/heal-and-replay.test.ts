import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, deliverRounds, getJson, sendTestWebhook } from '../support/operating.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

let t: TestApp;
let headers: Record<string, string>;
let startedAt: string;
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
beforeAll(async () => {
  // The original schedule (4 attempts within three minutes) makes an outage short to play.
  t = await createTestApp({ withBot: false, env: { WEBHOOK_RETRY_SCHEDULE: 'original' } });
  ({ headers } = await t.newKey('x2c'));
  startedAt = new Date(t.clock.now()).toISOString();
  receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
}, 60_000);
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const post = (path: string, json?: unknown) =>
  t.request(path, { method: 'POST', headers, ...(json === undefined ? {} : { json }) });

describe('an integrator heals their own deliveries through the API', () => {
  it('sees an endpoint disabled by a 410, why, and brings it back: enable, then redeliver', async () => {
    const task = await createTask(t, headers, { title: 'gone', callback_url: receiver.url });
    receiver.state.secret = task.callback_secret;
    receiver.state.answer = 410;
    const endpointId = `task_${task.id}`;
    const first = await sendTestWebhook(t, headers, task.id);
    await t.app.notifier.runOnce();

    const listed = await getJson(t, '/api/endpoints?state=disabled', headers);
    expect(listed.status).toBe(200);
    expect(listed.body.endpoints).toEqual([
      expect.objectContaining({
        id: endpointId,
        task_id: task.id,
        default: false,
        url: receiver.url,
        state: 'disabled',
        disabled_at: expect.any(String),
        last_failure_at: expect.any(String),
        pending_count: 0,
      }),
    ]);
    expect(listed.body.endpoints[0].disabled_reason).toMatch(/410/);
    expect(JSON.stringify(listed.body)).not.toContain(task.callback_secret);
    expect((await getJson(t, '/api/endpoints?state=active', headers)).body.endpoints).toEqual([]);

    const refusedTest = await post(`/api/tasks/${task.id}/test-webhook`);
    expect(refusedTest.status).toBe(409);
    expect(await refusedTest.json()).toMatchObject({
      reason: 'endpoint_disabled',
      field: 'endpoint',
    });
    const refusedRedeliver = await post(`/api/deliveries/${first.delivery_id}/redeliver`);
    expect(refusedRedeliver.status).toBe(409);
    expect(await refusedRedeliver.json()).toMatchObject({
      success: false,
      reason: 'endpoint_disabled',
      error: expect.stringContaining('enable it first'),
    });

    receiver.state.answer = undefined;
    const enabled = await post(`/api/endpoints/${endpointId}/enable`);
    expect(enabled.status).toBe(200);
    expect((await enabled.json()).endpoint).toMatchObject({
      state: 'active',
      disabled_reason: null,
      consecutive_failures: 0,
    });
    const redelivered = await post(`/api/deliveries/${first.delivery_id}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(await redelivered.json()).toMatchObject({ claim_id: null, status: 'pending' });
    await t.app.notifier.runOnce();

    const shown = await getJson(t, `/api/deliveries/${first.delivery_id}`, headers);
    expect(shown.body.delivery).toMatchObject({
      status: 'delivered',
      attempt_log: [
        { attempt: 1, status_code: 410, error_class: 'http_status' },
        { attempt: 2, status_code: 200, error: null },
      ],
    });
    expect(shown.body.endpoint).toMatchObject({ id: endpointId, state: 'active' });
  });

  it('replays an outage: dry run counts, replay restarts, a second replay finds nothing', async () => {
    const since = new Date(t.clock.now()).toISOString();
    const task = await createTask(t, headers, { title: 'outage', callback_url: receiver.url });
    receiver.state.secret = task.callback_secret;
    const endpoint = `task_${task.id}`;
    receiver.state.answer = 503;
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await sendTestWebhook(t, headers, task.id));
    // The circuit breaker pauses the endpoint and probes it one delivery at a time.
    for (let round = 0; round < 50; round++) {
      const waiting = await getJson(
        t,
        `/api/deliveries?status=pending&endpoint=${endpoint}`,
        headers,
      );
      if (waiting.body.deliveries.length === 0) break;
      await deliverRounds(t, 1, 30 * 60_000);
    }

    const failed = await getJson(t, `/api/deliveries?status=failed&endpoint=${endpoint}`, headers);
    expect(failed.body.deliveries.map((d: { id: string }) => d.id).sort()).toEqual(
      sent.map((s) => s.delivery_id).sort(),
    );
    expect(failed.body.deliveries[0]).toMatchObject({ attempts: 4, last_status_code: 503 });

    const health = await getJson(t, `/api/endpoints/${endpoint}`, headers);
    if (health.body.endpoint.state === 'disabled') await post(`/api/endpoints/${endpoint}/enable`);

    const dry = await post('/api/deliveries/replay', { endpoint, since, dry_run: true });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toEqual({
      success: true,
      dry_run: true,
      matched: 3,
      on_disabled_endpoints: 0,
      replayed: 0,
      cursor: null,
    });
    const still = await getJson(t, `/api/deliveries?status=failed&endpoint=${endpoint}`, headers);
    expect(still.body.deliveries).toHaveLength(3);

    receiver.state.answer = undefined;
    const before = receiver.received.length;
    const replay = await post('/api/deliveries/replay', { endpoint, since });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ dry_run: false, replayed: 3, cursor: null });
    await t.app.notifier.runOnce();
    const delivered = await getJson(
      t,
      `/api/deliveries?status=delivered&endpoint=${endpoint}`,
      headers,
    );
    expect(delivered.body.deliveries).toHaveLength(3);
    const accepted = receiver.received.slice(before).filter((r) => r.status === 200);
    expect(accepted.map((r) => r.headers['webhook-id']).sort()).toEqual(
      failed.body.deliveries.map((d: { webhook_id: string }) => d.webhook_id).sort(),
    );

    const again = await (await post('/api/deliveries/replay', { endpoint, since })).json();
    expect(again).toMatchObject({ replayed: 0 });
  });

  it("counts the key's statistics: volumes, success rates and latency, per endpoint", async () => {
    // `until` is exclusive: the fake clock has not moved since the last attempts.
    const until = new Date(t.clock.now() + 1).toISOString();
    const stats = await getJson(t, `/api/stats?since=${startedAt}&until=${until}`, headers);
    expect(stats.status).toBe(200);
    expect(stats.body.overall).toMatchObject({
      messages: 4,
      delivered: 4,
      failed: 0,
      pending: 0,
      eventual_success_rate: 1,
      first_attempt_success_rate: 0,
      // 410, 200; then 3 x (4 x 503 + 200)
      attempts: 17,
      latency_ms: {
        p50: expect.any(Number),
        p95: expect.any(Number),
        p99: expect.any(Number),
      },
    });
    expect(stats.body.endpoints.map((e: { task_id: number }) => e.task_id)).toHaveLength(2);
    const window = await getJson(
      t,
      `/api/stats?since=${new Date(t.clock.now() - 60_000).toISOString()}`,
      headers,
    );
    expect(window.body.overall.messages).toBe(0);
  });
});
