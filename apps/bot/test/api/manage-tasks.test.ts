import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let mine: Record<string, string>;
let theirs: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  mine = (await t.newKey('mine')).headers;
  theirs = (await t.newKey('theirs')).headers;
});
afterAll(() => t.close());

async function create(json: Record<string, unknown>, headers = mine) {
  const response = await t.request('/api/tasks', { method: 'POST', headers, json });
  expect(response.status).toBe(201);
  return (await response.json()).task as { id: number; [k: string]: unknown };
}

describe('listing tasks', () => {
  it('pages through the key’s own tasks, newest first, with a total', async () => {
    const other = await create({ title: 'not mine' }, theirs);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ title: `list ${i}` })).id);
    const response = await t.request('/api/tasks?limit=2&offset=1', { headers: mine });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.total).toBeGreaterThanOrEqual(5);
    expect(body.limit).toBe(2);
    expect(body.tasks.map((task: { id: number }) => task.id)).toEqual([ids[3], ids[2]]);
    const all = await (await t.request('/api/tasks?limit=100', { headers: mine })).json();
    expect(all.tasks.map((task: { id: number }) => task.id)).not.toContain(other.id);
  });

  it('filters by status: active, paused, expired', async () => {
    const paused = await create({ title: 'to pause' });
    await t.request(`/api/tasks/${paused.id}`, {
      method: 'PATCH',
      headers: mine,
      json: { status: 'paused' },
    });
    const expired = await create({ title: 'to expire' });
    await t.request(`/api/tasks/${expired.id}`, {
      method: 'PATCH',
      headers: mine,
      json: { expires_at: new Date(t.clock.now() - 1000).toISOString() },
    });
    const ids = async (status: string) =>
      (
        await (await t.request(`/api/tasks?status=${status}&limit=100`, { headers: mine })).json()
      ).tasks.map((task: { id: number }) => task.id);
    expect(await ids('paused')).toEqual([paused.id]);
    expect(await ids('expired')).toEqual([expired.id]);
    expect(await ids('active')).not.toContain(paused.id);
    expect(await ids('active')).not.toContain(expired.id);
  });

  it.each([
    ['status=done', 'status'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
  ])('refuses ?%s with a 400 naming %s', async (query, field) => {
    const response = await t.request(`/api/tasks?${query}`, { headers: mine });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, field });
  });
});

describe('one task', () => {
  it('shows a task to its key and to no other', async () => {
    const task = await create({ title: 'private' });
    expect((await t.request(`/api/tasks/${task.id}`, { headers: mine })).status).toBe(200);
    const foreign = await t.request(`/api/tasks/${task.id}`, { headers: theirs });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({
      success: false,
      reason: 'not_found',
      error: 'task not found',
    });
  });

  it.each(['999999', 'abc', '0', '-1', '1.5', '99999999999999'])(
    'answers 404 for the id %s',
    async (id) => {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const response = await t.request(`/api/tasks/${id}`, {
          method,
          headers: mine,
          ...(method === 'PATCH' ? { json: { title: 'x' } } : {}),
        });
        expect(response.status).toBe(404);
      }
      expect((await t.request(`/api/tasks/${id}/deliveries`, { headers: mine })).status).toBe(404);
    },
  );
});

describe('PATCH /api/tasks/:id', () => {
  it('changes the fields sent, clears those sent as null, keeps the rest', async () => {
    const task = await create({ title: 'before', description: 'desc', category: 'romance' });
    const response = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers: mine,
      json: { title: 'after', description: null, node_power_reward: 25 },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).task).toMatchObject({
      title: 'after',
      description: null,
      category: 'romance',
      node_power_reward: 25,
    });
  });

  it('adds a callback with a generated secret shown once, and removes it with null', async () => {
    const task = await create({ title: 'callback later' });
    const added = await (
      await t.request(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        headers: mine,
        json: { callback_url: 'https://hooks.example.com/later' },
      })
    ).json();
    expect(added.task.callback_secret).toMatch(/^whsec_/);
    const renamed = await (
      await t.request(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        headers: mine,
        json: { title: 'renamed' },
      })
    ).json();
    expect(renamed.task.callback_secret).toBeUndefined();
    expect(renamed.task.callback_url).toBe('https://hooks.example.com/later');
    const removed = await (
      await t.request(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        headers: mine,
        json: { callback_url: null },
      })
    ).json();
    expect(removed.task).toMatchObject({ callback_url: null, callback_scheme: null });
  });

  it.each([
    ['nothing to change', {}, undefined],
    ['a null title', { title: null }, 'title'],
    ['an unknown status', { status: 'done' }, 'status'],
    ['a date that is not ISO', { expires_at: 'tomorrow' }, 'expires_at'],
    ['a private callback URL', { callback_url: 'http://192.168.1.1/' }, 'callback_url'],
    [
      'a secret for a task without callback',
      { callback_secret: 'abcdefgh1234' },
      'callback_secret',
    ],
  ])('refuses %s with a 400', async (_name, json, field) => {
    const task = await create({ title: 'patch me' });
    const response = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers: mine,
      json,
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.success).toBe(false);
    expect(body.field).toBe(field);
  });

  it('refuses to give a task the task_id of another task of the key (409)', async () => {
    await create({ title: 'a', task_id: 'taken' });
    const b = await create({ title: 'b', task_id: 'free' });
    const response = await t.request(`/api/tasks/${b.id}`, {
      method: 'PATCH',
      headers: mine,
      json: { task_id: 'taken' },
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ success: false, field: 'task_id' });
  });

  it('cannot change another key’s task', async () => {
    const task = await create({ title: 'mine only' });
    const response = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers: theirs,
      json: { title: 'hijacked' },
    });
    expect(response.status).toBe(404);
  });
});

describe('DELETE /api/tasks/:id', () => {
  it('removes the task from the API and frees its task_id', async () => {
    const task = await create({ title: 'short-lived', task_id: 'reuse-me' });
    expect(
      (await t.request(`/api/tasks/${task.id}`, { method: 'DELETE', headers: theirs })).status,
    ).toBe(404);
    const deleted = await t.request(`/api/tasks/${task.id}`, { method: 'DELETE', headers: mine });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ success: true, id: task.id });
    expect((await t.request(`/api/tasks/${task.id}`, { headers: mine })).status).toBe(404);
    expect(
      (await t.request(`/api/tasks/${task.id}`, { method: 'DELETE', headers: mine })).status,
    ).toBe(404);
    const again = await create({ title: 'second life', task_id: 'reuse-me' });
    expect(again.id).not.toBe(task.id);
  });
});

describe('deliveries of a task', () => {
  it('lists none for a task nobody completed', async () => {
    const task = await create({ title: 'quiet' });
    const response = await t.request(`/api/tasks/${task.id}/deliveries`, { headers: mine });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true, task_id: task.id, deliveries: [] });
  });

  it.each(['dlv_unknown', 'a%20b', 'x'.repeat(101)])('redelivering %s is a 404', async (id) => {
    const response = await t.request(`/api/deliveries/${id}/redeliver`, {
      method: 'POST',
      headers: mine,
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      success: false,
      reason: 'not_found',
      error: 'delivery not found',
    });
  });
});

describe('PATCH /api/tasks/:id refuses bodies it cannot read', () => {
  it.each([
    ['invalid JSON', '{"title":', 400],
    ['a JSON array', '[]', 400],
    ['an oversized body', JSON.stringify({ description: 'x'.repeat(1024 * 1024 + 1) }), 413],
  ])('%s', async (_name, body, status) => {
    const task = await create({ title: 'unreadable patch' });
    const response = await t.request(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      headers: { ...mine, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(status);
    expect((await response.json()).success).toBe(false);
  });
});
