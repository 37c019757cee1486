import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** What integrations written against the original X2C bot's API read from its answers. */
let t: TestApp;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  headers = (await t.newKey()).headers;
}, 60_000);
afterAll(() => t.close());

describe('the original X2C response fields, beside ours', () => {
  it('answers a creation with task_id and project_id at the top level', async () => {
    const response = await t.request('/api/tasks', {
      headers,
      json: { title: 'Drama', task_id: 123, project_id: 'p-9' },
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ success: true, task_id: '123', project_id: 'p-9' });
    expect(body.task).toMatchObject({ task_id: '123', project_id: 'p-9' });
  });

  it('answers a creation without ids with task_id and project_id null', async () => {
    const body = await (await t.request('/api/tasks', { headers, json: { title: 'x' } })).json();
    expect(body).toMatchObject({ success: true, task_id: null, project_id: null });
  });

  it('answers the datasets form with the ids of its first dataset at the top level', async () => {
    const body = await (
      await t.request('/api/tasks', {
        headers,
        json: {
          datasets: [
            { title: 'One', task_id: 'ds-1', project_id: 'p-1' },
            { title: 'Two', task_id: 'ds-2' },
          ],
        },
      })
    ).json();
    expect(body).toMatchObject({ success: true, task_id: 'ds-1', project_id: 'p-1', created: 2 });
  });

  it('lists tasks as data with their count, beside tasks and total', async () => {
    const body = await (await t.request('/api/tasks?limit=2', { headers })).json();
    expect(body.data).toEqual(body.tasks);
    expect(body.count).toBe(2);
    expect(body.total).toBeGreaterThan(2);
  });

  it('shows one task as data too, with callback_retry_count', async () => {
    const created = await (await t.request('/api/tasks', { headers, json: { title: 'y' } })).json();
    const body = await (await t.request(`/api/tasks/${created.task.id}`, { headers })).json();
    expect(body.data).toEqual(body.task);
    expect(body.task.callback_retry_count).toBe(0);
  });

  it('takes PUT like PATCH: a partial update answered with the task', async () => {
    const created = await (
      await t.request('/api/tasks', { headers, json: { title: 'before', category: 'romance' } })
    ).json();
    const response = await t.request(`/api/tasks/${created.task.id}`, {
      method: 'PUT',
      headers,
      json: { title: 'after', status: 'paused' },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.task).toMatchObject({ title: 'after', status: 'paused', category: 'romance' });
    expect(body.data).toEqual(body.task);
  });
});
