import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  ({ headers } = await t.newKey());
});
afterAll(() => t.close());

const put = (json: unknown, h = headers) =>
  t.request('/api/endpoint', { method: 'PUT', headers: h, json });

describe('the default endpoint of a key', () => {
  it('is absent at first', async () => {
    const response = await t.request('/api/endpoint', { headers });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      success: false,
      reason: 'not_found',
      error: 'no default endpoint is set',
    });
  });

  it('is set with a generated secret shown once, then read without it', async () => {
    const response = await put({ url: 'https://hooks.example.com/default' });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.endpoint).toMatchObject({
      url: 'https://hooks.example.com/default',
      scheme: 'standard-webhooks',
    });
    expect(body.endpoint.secret).toMatch(/^whsec_/);
    const read = await (await t.request('/api/endpoint', { headers })).text();
    expect(read).not.toContain(body.endpoint.secret);
    expect(JSON.parse(read).endpoint).toMatchObject({ url: 'https://hooks.example.com/default' });
  });

  it('takes a legacy secret and does not echo it', async () => {
    const response = await put({
      url: 'https://hooks.example.com/legacy',
      secret: 'x2c_shared_secret',
      scheme: 'legacy',
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('x2c_shared_secret');
    expect(JSON.parse(text).endpoint.scheme).toBe('legacy');
  });

  it('belongs to one key only', async () => {
    const other = await t.newKey('other');
    expect((await t.request('/api/endpoint', { headers: other.headers })).status).toBe(404);
  });

  it.each([
    ['no url', {}, 'url', 'url is required'],
    ['a private url', { url: 'http://10.1.2.3/hook' }, 'url', undefined],
    ['a url that is not one', { url: 'nope' }, 'url', undefined],
    [
      'a bad whsec_ secret',
      { url: 'https://hooks.example.com', secret: 'whsec_???' },
      'secret',
      undefined,
    ],
    ['a wrong scheme', { url: 'https://hooks.example.com', scheme: 'v2' }, 'scheme', undefined],
    ['a number as url', { url: 42 }, 'url', undefined],
  ])('refuses %s with a 400', async (_name, json, field, error) => {
    const response = await put(json);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ success: false, field });
    if (error) expect(body.error).toBe(error);
    expect(body.error).not.toMatch(/callback_/);
  });

  it('refuses a body that is not JSON, and an oversized one', async () => {
    const form = await t.request('/api/endpoint', { method: 'PUT', headers, body: 'url=x' });
    expect(form.status).toBe(415);
    const bad = await t.request('/api/endpoint', {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: 'url=x',
    });
    expect(bad.status).toBe(400);
    const big = await put({ url: `https://hooks.example.com/${'a'.repeat(1024 * 1024)}` });
    expect(big.status).toBe(413);
  });

  it('is removed by DELETE', async () => {
    await put({ url: 'https://hooks.example.com/gone' });
    expect((await t.request('/api/endpoint', { method: 'DELETE', headers })).status).toBe(200);
    expect((await t.request('/api/endpoint', { method: 'DELETE', headers })).status).toBe(404);
  });
});
