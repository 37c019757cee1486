import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, getJson, sendTestWebhook } from '../support/operating.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

let t: TestApp;
let headers: Record<string, string>;
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
let task: { id: number; callback_secret: string };
/** Delivery ids, oldest first, one a minute apart. */
const ids: string[] = [];
const times: number[] = [];

beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  ({ headers } = await t.newKey('x2c'));
  receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
  task = await createTask(t, headers, { title: 'logged', callback_url: receiver.url });
  receiver.state.secret = task.callback_secret;
  for (let i = 0; i < 5; i++) {
    times.push(t.clock.now());
    ids.push((await sendTestWebhook(t, headers, task.id)).delivery_id);
    t.clock.advance(60_000);
  }
  await t.app.notifier.runOnce();
  // A completion-shaped event on the same endpoint, still waiting.
  times.push(t.clock.now());
  const receipt = await t.app.notifier.enqueue({
    endpoint: {
      id: `task_${task.id}`,
      url: receiver.url,
      secrets: [task.callback_secret],
      scheme: 'standard-webhooks',
    },
    eventType: 'task.completed',
    payload: { event: 'task.completed' },
  });
  ids.push(receipt.deliveryId);
}, 60_000);
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const list = async (query: string) => {
  const { status, body } = await getJson(t, `/api/deliveries${query}`, headers);
  expect(status).toBe(200);
  return body as { deliveries: { id: string; status: string }[]; next_cursor: string | null };
};

describe("the key's delivery log", () => {
  it('lists every delivery newest first, a page at a time by cursor', async () => {
    const all = await list('');
    expect(all.deliveries.map((d) => d.id)).toEqual([...ids].reverse());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.deliveries.length).toBeLessThanOrEqual(2);
      paged.push(...page.deliveries.map((d) => d.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged).toEqual([...ids].reverse());
  });

  it('filters by status, event type, endpoint and time', async () => {
    expect((await list('?status=pending')).deliveries.map((d) => d.id)).toEqual([ids[5]]);
    expect((await list('?status=delivered,failed')).deliveries).toHaveLength(5);
    expect((await list('?event_type=task.completed')).deliveries.map((d) => d.id)).toEqual([
      ids[5],
    ]);
    expect((await list(`?endpoint=task_${task.id}`)).deliveries).toHaveLength(6);
    const since = new Date(times[1]!).toISOString();
    const until = new Date(times[3]!).toISOString();
    expect((await list(`?since=${since}&until=${until}`)).deliveries.map((d) => d.id)).toEqual([
      ids[2],
      ids[1],
    ]);
  });

  it.each([
    ['?status=lost', 'invalid_filter', 'status'],
    ['?status=', 'invalid_filter', 'status'],
    ['?since=yesterday', 'invalid_time', 'since'],
    ['?until=2026-13-45T00:00:00Z', 'invalid_time', 'until'],
    ['?since=2026-12-02T10:00:00Z&until=2026-12-02T09:00:00Z', 'invalid_time', 'until'],
    ['?cursor=!!!', 'invalid_cursor', 'cursor'],
    ['?cursor=bm90LWEtY3Vyc29y', 'invalid_cursor', 'cursor'],
    ['?limit=0', 'invalid_filter', 'limit'],
    ['?limit=1001', 'invalid_filter', 'limit'],
    ['?event_type=%20', 'invalid_filter', 'event_type'],
    ['?statuses=failed', 'invalid_filter', 'statuses'],
  ])('refuses %s with a 400 naming the field', async (query, reason, field) => {
    const response = await t.request(`/api/deliveries${query}`, { headers });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ success: false, reason, field });
  });

  it('refuses bad replay and statistics input the same way', async () => {
    const replay = (json: unknown) =>
      t.request('/api/deliveries/replay', { method: 'POST', headers, json });
    for (const [json, reason, field] of [
      [{ status: 'pending' }, 'invalid_filter', 'status'],
      [{ dry_run: 'yes' }, 'invalid_filter', 'dry_run'],
      [{ since: 'last week' }, 'invalid_time', 'since'],
      [{ cursor: 'abc' }, 'invalid_cursor', 'cursor'],
      [{ endpoints: ['x'] }, 'invalid_filter', 'endpoints'],
    ] as const) {
      const response = await replay(json);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ success: false, reason, field });
    }
    const stats = await t.request('/api/stats?since=soon', { headers });
    expect(stats.status).toBe(400);
    expect(await stats.json()).toMatchObject({ reason: 'invalid_time', field: 'since' });
    const state = await t.request('/api/endpoints?state=asleep', { headers });
    expect(state.status).toBe(400);
    expect(await state.json()).toMatchObject({ reason: 'invalid_filter', field: 'state' });
  });

  it('answers unknown ids with a JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/api/deliveries/dlv_unknown'],
      ['POST', '/api/deliveries/dlv_unknown/redeliver'],
      ['GET', '/api/endpoints/task_99999999'],
      ['POST', '/api/endpoints/task_99999999/enable'],
      ['GET', '/api/endpoints/not-an-endpoint'],
      ['GET', '/api/deliveries?endpoint=task_99999999'],
    ] as const) {
      const response = await t.request(path, { method, headers });
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ success: false, reason: 'not_found' });
    }
  });
});
