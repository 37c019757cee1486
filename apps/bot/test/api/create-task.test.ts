import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  ({ headers } = await t.newKey());
});
afterAll(() => t.close());

const post = (json: unknown, extra: Record<string, string> = {}) =>
  t.request('/api/tasks', { method: 'POST', headers: { ...headers, ...extra }, json });

describe('POST /api/tasks', () => {
  it('creates a task with every documented field and answers 201', async () => {
    const response = await post({
      title: '短剧任务 - 《霸道总裁爱上我》',
      description: '上传短剧片段到 TikTok',
      video_url: 'https://cdn.example.com/video.mp4',
      thumbnail_url: 'https://cdn.example.com/thumb.jpg',
      duration: 95,
      node_power_reward: 15,
      keywords_template: '霸道总裁,爱情,豪门',
      hashtags: '#短剧 #霸道总裁',
      category: 'romance',
      project_id: 7,
      task_id: 'x2c-123',
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({
      success: true,
      created: true,
      task: {
        task_id: 'x2c-123',
        title: '短剧任务 - 《霸道总裁爱上我》',
        duration: 95,
        node_power_reward: 15,
        project_id: '7',
        status: 'active',
        callback_url: null,
        callback_status: null,
        claims: 0,
      },
    });
    expect(body.task.id).toEqual(expect.any(Number));
    const hoursOpen = (Date.parse(body.task.expires_at) - t.clock.now()) / 3_600_000;
    expect(hoursOpen).toBe(72);
  });

  it('uses the default reward when none is sent', async () => {
    const body = await (await post({ title: 'Plain task' })).json();
    expect(body.task.node_power_reward).toBe(10);
  });

  it('returns the existing task, with 200, when the same task_id comes again', async () => {
    const first = await (await post({ title: 'Once', task_id: 'dup-1' })).json();
    const again = await post({ title: 'Once (resent)', task_id: 'dup-1' });
    expect(again.status).toBe(200);
    const body = await again.json();
    expect(body.created).toBe(false);
    expect(body.task.id).toBe(first.task.id);
    expect(body.task.title).toBe('Once');
  });

  it('keeps task_ids apart per API key', async () => {
    const other = await t.newKey('other');
    const mine = await (await post({ title: 'Mine', task_id: 'shared-id' })).json();
    const theirs = await t.request('/api/tasks', {
      method: 'POST',
      headers: other.headers,
      json: { title: 'Theirs', task_id: 'shared-id' },
    });
    expect(theirs.status).toBe(201);
    expect((await theirs.json()).task.id).not.toBe(mine.task.id);
  });

  it('generates a whsec_ callback secret, shows it once and never again', async () => {
    const response = await post({
      title: 'With callback',
      task_id: 'cb-1',
      callback_url: 'https://hooks.example.com/x2c',
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.task.callback_secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(body.task.callback_scheme).toBe('standard-webhooks');

    const shown = await (await t.request(`/api/tasks/${body.task.id}`, { headers })).text();
    const replay = await (
      await post({
        title: 'With callback',
        task_id: 'cb-1',
        callback_url: 'https://hooks.example.com/x2c',
      })
    ).text();
    const listed = await (await t.request('/api/tasks', { headers })).text();
    for (const text of [shown, replay, listed]) {
      expect(text).not.toContain(body.task.callback_secret);
      expect(text).not.toContain('callback_secret');
    }
  });

  it('signs with the legacy scheme when given an X2C-style secret, and never echoes it', async () => {
    const response = await post({
      title: 'Legacy callback',
      callback_url: 'https://hooks.example.com/legacy',
      callback_secret: 'your_secret_key_2024',
    });
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain('your_secret_key_2024');
    expect(JSON.parse(text).task.callback_scheme).toBe('legacy');
  });

  it('creates every dataset of the X2C wrapper, sharing its callback and source', async () => {
    const response = await post({
      source: 'x2c',
      callback_url: 'https://hooks.example.com/batch',
      callback_secret: 'shared_legacy_secret',
      datasets: [
        { title: 'First', task_id: 'b-1' },
        { title: 'Second', task_id: 'b-2', node_power_reward: 3 },
      ],
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.created).toBe(2);
    expect(body.tasks).toHaveLength(2);
    expect(body.tasks[0]).toMatchObject({
      title: 'First',
      source: 'x2c',
      callback_url: 'https://hooks.example.com/batch',
      callback_scheme: 'legacy',
      created: true,
    });
    expect(body.tasks[1]).toMatchObject({ title: 'Second', node_power_reward: 3 });

    const again = await post({ datasets: [{ title: 'First', task_id: 'b-1' }] });
    expect(again.status).toBe(200);
    expect((await again.json()).tasks[0]).toMatchObject({ id: body.tasks[0].id, created: false });
  });

  it('creates nothing from a wrapper with one bad dataset, and names it', async () => {
    const response = await post({
      datasets: [{ title: 'Fine', task_id: 'atomic-1' }, { title: 42 }],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      success: false,
      reason: 'invalid_field',
      error: 'datasets.1.title: Invalid input: expected string, received number',
      field: 'datasets.1.title',
    });
    const listed = await (await t.request('/api/tasks', { headers })).json();
    expect(listed.tasks.map((task: { task_id: string }) => task.task_id)).not.toContain('atomic-1');
  });
});

describe('POST /api/tasks refuses bad input with a 4xx that says why', () => {
  it.each([
    ['a missing title', {}, 'title', 'title is required'],
    ['an empty title', { title: '   ' }, 'title', 'title: must not be empty'],
    [
      'a number as title',
      { title: 5 },
      'title',
      'title: Invalid input: expected string, received number',
    ],
    ['a string as reward', { title: 'x', node_power_reward: '10' }, 'node_power_reward', undefined],
    ['a negative reward', { title: 'x', node_power_reward: -1 }, 'node_power_reward', undefined],
    ['a fractional duration', { title: 'x', duration: 1.5 }, 'duration', undefined],
    [
      'an object as task_id',
      { title: 'x', task_id: { a: 1 } },
      'task_id',
      'task_id: must be a non-empty string or a whole number',
    ],
    [
      'a video_url that is not a URL',
      { title: 'x', video_url: 'not a url' },
      'video_url',
      'video_url: must be an http(s) URL',
    ],
    [
      'a javascript: thumbnail',
      { title: 'x', thumbnail_url: 'javascript:alert(1)' },
      'thumbnail_url',
      undefined,
    ],
    [
      'an unknown signing scheme',
      { title: 'x', callback_scheme: 'hmac' },
      'callback_scheme',
      undefined,
    ],
    [
      'a secret without a callback_url',
      { title: 'x', callback_secret: 'abcdefgh12' },
      'callback_secret',
      'callback_secret needs a callback_url',
    ],
    [
      'a short secret',
      { title: 'x', callback_url: 'https://hooks.example.com', callback_secret: 'abc' },
      'callback_secret',
      undefined,
    ],
    ['an empty datasets list', { datasets: [] }, 'datasets', undefined],
    ['datasets that are not objects', { datasets: ['x'] }, 'datasets.0', undefined],
  ])('%s', async (_name, json, field, error) => {
    const response = await post(json);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.success).toBe(false);
    expect(body.field).toBe(field);
    if (error) expect(body.error).toBe(error);
    else expect(body.error).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: `));
  });

  it.each([
    ['a loopback address', 'http://127.0.0.2/hook'],
    ['localhost', 'http://localhost:8080/hook'],
    ['a private network', 'http://10.0.0.5/hook'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data'],
    ['an IPv6 loopback', 'http://[::1]/hook'],
    ['a decimal-encoded loopback', 'http://2130706434/hook'],
    ['a non-http scheme', 'ftp://hooks.example.com/x'],
    ['credentials in the URL', 'https://user:pw@hooks.example.com/x'],
    ['text that is not a URL', 'hooks dot example'],
  ])('a callback_url to %s', async (_name, url) => {
    const response = await post({ title: 'x', callback_url: url });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ success: false, field: 'callback_url' });
    expect(body.error).toMatch(/^callback_url is refused: /);
  });

  it.each([
    ['invalid JSON', '{"title": ', 'invalid_json', 'the body is not valid JSON'],
    ['an empty body', '', 'body_required', 'a JSON body is required'],
    ['a JSON array', '[{"title":"x"}]', 'body_not_object', 'the body must be a JSON object'],
    ['a JSON string', '"title"', 'body_not_object', 'the body must be a JSON object'],
  ])('%s', async (_name, body, reason, error) => {
    const response = await t.request('/api/tasks', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, reason, error });
  });

  it('an oversized body is a 413', async () => {
    const response = await post({ title: 'big', description: 'x'.repeat(1024 * 1024) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      success: false,
      reason: 'body_too_large',
      error: 'the body is larger than 1048576 bytes',
    });
  });

  it('an oversized body without a content-length is a 413 too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await t.app.api.request('/api/tasks', {
      method: 'POST',
      headers,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });
});
