import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let headers: Record<string, string>;
let taskId: number;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  headers = (await t.newKey()).headers;
  taskId = (await (await t.request('/api/tasks', { headers, json: { title: 'x' } })).json()).task
    .id;
}, 60_000);
afterAll(() => t.close());

const routes = (): [string, string, unknown][] => [
  ['POST', '/api/tasks', { title: 'Drama' }],
  ['POST', '/api/tasks', { datasets: [{ title: 'Drama' }] }],
  ['PATCH', `/api/tasks/${taskId}`, { title: 'Drama' }],
  ['PUT', `/api/tasks/${taskId}`, { title: 'Drama' }],
  ['PUT', '/api/endpoint', { url: 'http://127.0.0.1:9/hook' }],
];

function send(method: string, path: string, json: unknown, contentType: string | undefined) {
  return t.request(path, {
    method,
    headers: contentType === undefined ? headers : { ...headers, 'content-type': contentType },
    body: JSON.stringify(json),
  });
}

describe('a JSON body sent as anything but JSON', () => {
  it.each([
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'text/json',
    'application/json; charset=latin1',
    'json',
  ])('is refused with a 415 naming application/json: %s', async (contentType) => {
    for (const [method, path, json] of routes()) {
      const response = await send(method, path, json, contentType);
      expect(response.status).toBe(415);
      const body = await response.json();
      expect(body).toEqual({
        success: false,
        reason: 'unsupported_media_type',
        error: 'the body must be JSON sent with Content-Type: application/json',
        field: 'Content-Type',
      });
    }
  });

  it('is refused when no Content-Type is sent at all', async () => {
    const response = await t.app.api.request('/api/tasks', {
      method: 'POST',
      headers,
      body: new TextEncoder().encode(JSON.stringify({ title: 'Drama' })),
    });
    expect(response.status).toBe(415);
  });
});

describe('a JSON body sent as JSON', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON; Charset="UTF-8"',
    'application/merge-patch+json',
    'application/vnd.x2c.task+json',
  ])('is accepted: %s', async (contentType) => {
    for (const [method, path, json] of routes()) {
      const response = await send(method, path, json, contentType);
      expect(response.status).toBeLessThan(300);
    }
  });
});
