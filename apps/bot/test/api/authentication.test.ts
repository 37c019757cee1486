import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/api-keys/api-key.repository.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
});
afterAll(() => t.close());

describe('API keys', () => {
  it.each([
    ['GET', '/api/tasks'],
    ['POST', '/api/tasks'],
    ['GET', '/api/tasks/1'],
    ['PATCH', '/api/tasks/1'],
    ['DELETE', '/api/tasks/1'],
    ['GET', '/api/tasks/1/deliveries'],
    ['POST', '/api/deliveries/dlv_1/redeliver'],
    ['GET', '/api/endpoint'],
    ['PUT', '/api/endpoint'],
    ['DELETE', '/api/endpoint'],
  ])('%s %s without a key is a 401 with a JSON error', async (method, path) => {
    const response = await t.request(path, { method });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      success: false,
      reason: 'missing_api_key',
      error: 'missing X-API-Key header',
      field: 'X-API-Key',
    });
  });

  it('refuses a wrong key, and a key shaped right with a wrong secret', async () => {
    const { id } = await t.newKey();
    const lookalike = `drk_${id.slice(4)}_${'A'.repeat(43)}`;
    for (const key of ['x2c_admin_secret_key_2024', lookalike]) {
      const response = await t.request('/api/tasks', { headers: { 'x-api-key': key } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        success: false,
        reason: 'invalid_api_key',
        error: 'invalid or revoked API key',
        field: 'X-API-Key',
      });
    }
  });

  it('ignores a key in the query string', async () => {
    const { key } = await t.newKey();
    const response = await t.request(`/api/tasks?api_key=${key}&key=${key}`);
    expect(response.status).toBe(401);
  });

  it('accepts a valid key and stops accepting it once revoked', async () => {
    const { id, headers } = await t.newKey();
    expect((await t.request('/api/tasks', { headers })).status).toBe(200);
    await revokeApiKey(t.db, id, new Date());
    expect((await t.request('/api/tasks', { headers })).status).toBe(401);
  });

  it('stores only a hash of each key', async () => {
    const { id, key } = await t.newKey();
    const row = await t.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // The secret part may itself contain `_`: everything after the id.
    expect(JSON.stringify(row)).not.toContain(key.slice('drk_'.length + 13));
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await t.request('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      success: false,
      reason: 'not_found',
      error: 'not found',
    });
  });

  it('serves /health without a key, reporting the database, the worker and the backlog', async () => {
    const before = await t.request('/health');
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({
      status: 'degraded',
      ok: false,
      database: true,
      worker: false,
      backlog: 0,
    });
    await t.app.start();
    const after = await t.request('/health');
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ status: 'ok', worker: true, backlog: 0 });
  });
});
