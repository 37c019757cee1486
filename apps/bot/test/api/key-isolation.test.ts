import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, getJson, sendTestWebhook } from '../support/operating.js';
import { taskRow } from '../support/seed.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

let t: TestApp;
let a: { id: string; headers: Record<string, string> };
let b: { id: string; headers: Record<string, string> };
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
let taskA: { id: number; callback_secret: string };
let failedA: string;
let deliveredA: string;

beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  a = await t.newKey('a');
  b = await t.newKey('b');
  receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
  taskA = await createTask(t, a.headers, { title: "A's", callback_url: receiver.url });
  receiver.state.secret = taskA.callback_secret;
  deliveredA = (await sendTestWebhook(t, a.headers, taskA.id)).delivery_id;
  await t.app.notifier.runOnce();
  receiver.state.answer = 410;
  failedA = (await sendTestWebhook(t, a.headers, taskA.id)).delivery_id;
  await t.app.notifier.runOnce();
  receiver.state.answer = undefined;
  // Statistics end at now, exclusive: let a second pass after the last attempt.
  t.clock.advance(1000);
}, 60_000);
afterAll(async () => {
  await receiver.close();
  await t.close();
});

describe('a key sees only its own endpoints and deliveries', () => {
  it("answers 404 to another key's delivery and endpoint ids, as to unknown ones", async () => {
    const endpointA = `task_${taskA.id}`;
    for (const [method, path] of [
      ['GET', `/api/deliveries/${deliveredA}`],
      ['POST', `/api/deliveries/${failedA}/redeliver`],
      ['GET', `/api/endpoints/${endpointA}`],
      ['POST', `/api/endpoints/${endpointA}/enable`],
      ['GET', `/api/endpoints/apikey_${a.id}`],
      ['GET', `/api/deliveries?endpoint=${endpointA}`],
      ['GET', `/api/stats?endpoint=${endpointA}`],
    ] as const) {
      const response = await t.request(path, { method, headers: b.headers });
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ success: false, reason: 'not_found' });
    }
    const replay = await t.request('/api/deliveries/replay', {
      method: 'POST',
      headers: b.headers,
      json: { endpoint: endpointA, dry_run: true },
    });
    expect(replay.status).toBe(404);
    // A's endpoint stayed disabled: B's enable did nothing.
    const own = await getJson(t, `/api/endpoints/${endpointA}`, a.headers);
    expect(own.body.endpoint.state).toBe('disabled');
  });

  it("never shows another key's endpoints or deliveries in lists, replays or statistics", async () => {
    const mine = await getJson(t, '/api/deliveries', a.headers);
    expect(mine.body.deliveries.map((d: { id: string }) => d.id).sort()).toEqual(
      [deliveredA, failedA].sort(),
    );
    expect((await getJson(t, '/api/deliveries', b.headers)).body.deliveries).toEqual([]);
    expect((await getJson(t, '/api/endpoints', a.headers)).body.endpoints).toHaveLength(1);
    expect((await getJson(t, '/api/endpoints', b.headers)).body.endpoints).toEqual([]);

    const stats = await getJson(t, '/api/stats', b.headers);
    expect(stats.body.overall).toMatchObject({ messages: 0, attempts: 0 });
    expect(stats.body.endpoints).toEqual([]);
    expect((await getJson(t, '/api/stats', a.headers)).body.overall.messages).toBe(2);

    await t.request(`/api/endpoints/task_${taskA.id}/enable`, {
      method: 'POST',
      headers: a.headers,
    });
    const dry = (headers: Record<string, string>) =>
      t.request('/api/deliveries/replay', { method: 'POST', headers, json: { dry_run: true } });
    expect(await (await dry(a.headers)).json()).toMatchObject({ matched: 1 });
    expect(await (await dry(b.headers)).json()).toMatchObject({ matched: 0 });
    const replayB = await t.request('/api/deliveries/replay', {
      method: 'POST',
      headers: b.headers,
      json: {},
    });
    expect(await replayB.json()).toMatchObject({ replayed: 0 });
    const failed = await getJson(t, `/api/deliveries/${failedA}`, a.headers);
    expect(failed.body.delivery.status).toBe('failed');
  });

  it('still finds its deliveries among more than a thousand tasks', async () => {
    await t.db
      .insertInto('tasks')
      .values(
        Array.from({ length: 1200 }, (_, i) =>
          taskRow(a.id, t.clock.now(), { external_id: `bulk-${i}` }),
        ),
      )
      .execute();
    const mine = await getJson(t, '/api/deliveries', a.headers);
    expect(mine.body.deliveries).toHaveLength(2);
    expect((await getJson(t, '/api/endpoints', a.headers)).body.endpoints).toHaveLength(1);
    expect((await getJson(t, '/api/stats', a.headers)).body.overall.messages).toBe(2);
  });
});

describe('endpoints made through /api/endpoints belong to their key alone', () => {
  it('answers 404 to another key for every route about them, and keeps them out of its lists, replays and statistics', async () => {
    const created = await t.request('/api/endpoints', {
      method: 'POST',
      headers: a.headers,
      json: { url: receiver.url, event_types: ['task.created'] },
    });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()).endpoint;
    receiver.state.secret = endpoint.secret;
    await createTask(t, a.headers, { title: "A's second" });
    receiver.state.answer = 503;
    await t.app.notifier.runOnce();
    receiver.state.answer = undefined;
    t.clock.advance(1000);
    const mine = await getJson(t, `/api/deliveries?endpoint=${endpoint.id}`, a.headers);
    expect(mine.body.deliveries).toHaveLength(1);
    const deliveryId = mine.body.deliveries[0].id;

    for (const [method, path, json] of [
      ['GET', `/api/endpoints/${endpoint.id}`, undefined],
      ['PATCH', `/api/endpoints/${endpoint.id}`, { event_types: [] }],
      ['DELETE', `/api/endpoints/${endpoint.id}`, undefined],
      ['POST', `/api/endpoints/${endpoint.id}/enable`, undefined],
      ['GET', `/api/deliveries/${deliveryId}`, undefined],
      ['POST', `/api/deliveries/${deliveryId}/redeliver`, undefined],
      ['GET', `/api/deliveries?endpoint=${endpoint.id}`, undefined],
      ['GET', `/api/stats?endpoint=${endpoint.id}`, undefined],
      ['POST', '/api/deliveries/replay', { endpoint: endpoint.id, dry_run: true }],
    ] as const) {
      const response = await t.request(path, { method, headers: b.headers, json });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const listed = await getJson(t, '/api/endpoints', b.headers);
    expect(listed.body.endpoints).toEqual([]);
    expect((await getJson(t, '/api/deliveries', b.headers)).body.deliveries).toEqual([]);
    expect((await getJson(t, '/api/stats', b.headers)).body.overall.messages).toBe(0);
    const replay = await t.request('/api/deliveries/replay', {
      method: 'POST',
      headers: b.headers,
      json: { dry_run: true },
    });
    expect(await replay.json()).toMatchObject({ matched: 0 });

    // Untouched by B, and A's own in every view.
    const own = await getJson(t, `/api/endpoints/${endpoint.id}`, a.headers);
    expect(own.body.endpoint).toMatchObject({ event_types: ['task.created'] });
    const aList = await getJson(t, '/api/endpoints', a.headers);
    expect(aList.body.endpoints.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    const aStats = await getJson(t, `/api/stats?endpoint=${endpoint.id}`, a.headers);
    expect(aStats.body.overall.messages).toBe(1);
    const aReplay = await t.request('/api/deliveries/replay', {
      method: 'POST',
      headers: a.headers,
      json: { endpoint: endpoint.id, status: 'failed', dry_run: true },
    });
    expect(aReplay.status).toBe(200);
  });
});
