import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from '../support/event-schemas.js';
import { createTask } from '../support/operating.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

let t: TestApp;
let key: { id: string; headers: Record<string, string> };
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  key = await t.newKey('endpoints');
});
afterAll(() => t.close());

const post = (json: unknown, headers = key.headers) =>
  t.request('/api/endpoints', { method: 'POST', headers, json });
const patch = (id: string, json: unknown) =>
  t.request(`/api/endpoints/${id}`, { method: 'PATCH', headers: key.headers, json });

describe("a key's endpoints", () => {
  it('are created with a generated secret shown once, then read and listed without it', async () => {
    const response = await post({
      url: 'https://hooks.example.com/tasks',
      event_types: ['task.*', 'submission.rejected'],
      description: 'task sync',
      metadata: { team: 'growth' },
      rate_limit_per_second: 20,
    });
    expect(response.status).toBe(201);
    const { endpoint } = await response.json();
    expect(endpoint).toMatchObject({
      id: expect.stringMatching(/^ep_/),
      task_id: null,
      default: false,
      url: 'https://hooks.example.com/tasks',
      scheme: 'standard-webhooks',
      state: 'active',
      // Stored and shown sorted: the order never matters.
      event_types: ['submission.rejected', 'task.*'],
      description: 'task sync',
      metadata: { team: 'growth' },
      rate_limit_per_second: 20,
      secret: expect.stringMatching(/^whsec_/),
    });
    // The notifier holds the rate, so every worker process keeps to it.
    expect((await t.app.notifier.endpoints.get(endpoint.id))?.rateLimit).toEqual({ perSecond: 20 });

    const one = await t.request(`/api/endpoints/${endpoint.id}`, { headers: key.headers });
    const text = await one.text();
    expect(text).not.toContain(endpoint.secret);
    const { secret: _shownOnce, ...stored } = endpoint;
    expect(JSON.parse(text).endpoint).toEqual(stored);
    const list = await (await t.request('/api/endpoints', { headers: key.headers })).json();
    expect(list.endpoints.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    expect(JSON.stringify(list)).not.toContain(endpoint.secret);
  });

  it('are several per key, each changed and deleted on its own', async () => {
    const a = (await (await post({ url: 'https://hooks.example.com/a' })).json()).endpoint;
    const b = (await (await post({ url: 'https://hooks.example.com/b' })).json()).endpoint;
    expect(a.event_types).toEqual([]);

    const changed = await patch(a.id, { event_types: ['task.created'], description: null });
    expect(changed.status).toBe(200);
    expect((await changed.json()).endpoint).toMatchObject({
      id: a.id,
      event_types: ['task.created'],
      description: null,
    });
    const deleted = await t.request(`/api/endpoints/${b.id}`, {
      method: 'DELETE',
      headers: key.headers,
    });
    expect(deleted.status).toBe(200);
    expect((await t.request(`/api/endpoints/${b.id}`, { headers: key.headers })).status).toBe(404);
    expect((await t.request(`/api/endpoints/${a.id}`, { headers: key.headers })).status).toBe(200);
  });

  it.each([
    [
      'an unknown event type',
      { event_types: ['task.finished'] },
      'event_types.0',
      'invalid_event_type',
    ],
    [
      'a wildcard that matches nothing',
      { event_types: ['user.*'] },
      'event_types.0',
      'invalid_event_type',
    ],
    ['a rate of zero', { rate_limit_per_second: 0 }, 'rate_limit_per_second', 'invalid_field'],
    ['a fractional rate', { rate_limit_per_second: 1.5 }, 'rate_limit_per_second', 'invalid_field'],
    ['a misspelt field', { event_type: ['task.created'] }, 'event_type', 'invalid_field'],
    ['a private url', { url: 'http://10.1.2.3/hook' }, 'url', 'invalid_field'],
    ['a bad whsec_ secret', { secret: 'whsec_???' }, 'secret', 'invalid_field'],
    ['metadata that is not text', { metadata: { n: 1 } }, 'metadata.n', 'invalid_field'],
  ])('refuses %s with a 400 naming the field', async (_name, fields, field, reason) => {
    const before = await (await t.request('/api/endpoints', { headers: key.headers })).json();
    const response = await post({ url: 'https://hooks.example.com/refused', ...fields });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, reason, field });
    const after = await (await t.request('/api/endpoints', { headers: key.headers })).json();
    expect(after.endpoints).toHaveLength(before.endpoints.length);
  });

  it('refuses a second endpoint with the same URL and event types, in any order', async () => {
    const url = 'https://hooks.example.com/twice';
    expect((await post({ url, event_types: ['task.created', 'task.deleted'] })).status).toBe(201);
    const twin = await post({ url, event_types: ['task.deleted', 'task.created'] });
    expect(twin.status).toBe(400);
    expect(await twin.json()).toMatchObject({ reason: 'duplicate_endpoint', field: 'url' });
    expect((await post({ url, event_types: ['task.created'] })).status).toBe(201);
    // Another key may use the same URL.
    const other = await t.newKey('other');
    expect((await post({ url, event_types: ['task.created'] }, other.headers)).status).toBe(201);
  });

  it('refuses a change of a bad value, and a change of a task callback, which goes through its task', async () => {
    const { endpoint } = await (await post({ url: 'https://hooks.example.com/patched' })).json();
    const zero = await patch(endpoint.id, { rate_limit_per_second: 0 });
    expect(zero.status).toBe(400);
    expect(await zero.json()).toMatchObject({ field: 'rate_limit_per_second' });

    const task = await createTask(t, key.headers, {
      title: 'Own callback',
      callback_url: 'https://hooks.example.com/task',
    });
    // The task's endpoint exists once something was sent to it.
    await t.request(`/api/tasks/${task.id}/test-webhook`, { method: 'POST', headers: key.headers });
    const id = `task_${task.id}`;
    const listed = await (await t.request(`/api/endpoints/${id}`, { headers: key.headers })).json();
    expect(listed.endpoint).toMatchObject({ task_id: task.id, event_types: ['task.completed'] });
    for (const method of ['PATCH', 'DELETE']) {
      const response = await t.request(`/api/endpoints/${id}`, {
        method,
        headers: key.headers,
        json: { url: 'https://hooks.example.com/elsewhere' },
      });
      expect(response.status, method).toBe(409);
      expect(await response.json()).toMatchObject({ reason: 'task_endpoint' });
    }
  });

  it('take a signed test event, checked with the secret shown once and against its schema', async () => {
    const receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
    try {
      const { endpoint } = await (await post({ url: receiver.url })).json();
      receiver.state.secret = endpoint.secret;
      const path = `/api/endpoints/${endpoint.id}/test-webhook`;
      const sent = await t.request(path, { method: 'POST', headers: key.headers });
      expect(sent.status).toBe(202);
      expect(await sent.json()).toMatchObject({ endpoint_id: endpoint.id, status: 'pending' });
      await t.app.notifier.runOnce();
      const [arrived] = receiver.received;
      expect(arrived?.refusal).toBeUndefined();
      expect(schemaErrors(arrived!.raw)).toEqual([]);
      expect(arrived?.payload).toMatchObject({
        event: 'webhook.test',
        data: { endpoint: 'endpoint', relay_task_id: null },
      });
      const other = await t.newKey('not theirs');
      const foreign = await t.request(path, { method: 'POST', headers: other.headers });
      expect(foreign.status).toBe(404);
    } finally {
      await receiver.close();
    }
  });
});
