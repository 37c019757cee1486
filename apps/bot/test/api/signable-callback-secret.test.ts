import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  ({ headers } = await t.newKey());
});
afterAll(() => t.close());

// Decodes (Buffer.from forgives the set padding bits) but is not the canonical base64 of
// its bytes, so the webhook signer refuses it.
const UNSIGNABLE = 'whsec_AAAAAAAAAAAAAAAAAAAAAB==';
const CALLBACK_URL = 'https://hooks.example.com/x2c';

async function expectRefused(response: Response, field: string) {
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body).toMatchObject({ success: false, field });
  expect(body.error).not.toContain(UNSIGNABLE);
}

describe('a callback secret the webhook signer cannot use', () => {
  it('is refused when a task is created, alone or in a batch', async () => {
    await expectRefused(
      await t.request('/api/tasks', {
        headers,
        json: { title: 'x', callback_url: CALLBACK_URL, callback_secret: UNSIGNABLE },
      }),
      'callback_secret',
    );
    await expectRefused(
      await t.request('/api/tasks', {
        headers,
        json: {
          datasets: [{ title: 'x' }],
          callback_url: CALLBACK_URL,
          callback_secret: UNSIGNABLE,
        },
      }),
      'datasets.0.callback_secret',
    );
    await expectRefused(
      await t.request('/api/tasks', {
        headers,
        json: {
          title: 'x',
          callback_url: CALLBACK_URL,
          callback_secret: UNSIGNABLE,
          callback_scheme: 'legacy',
        },
      }),
      'callback_secret',
    );
  });

  it('is refused when a task is changed', async () => {
    const created = await t.request('/api/tasks', {
      headers,
      json: { title: 'x', callback_url: CALLBACK_URL },
    });
    expect(created.status).toBe(201);
    const { task } = await created.json();
    await expectRefused(
      await t.request(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        headers,
        json: { callback_secret: UNSIGNABLE },
      }),
      'callback_secret',
    );
  });

  it('is refused for the default endpoint', async () => {
    await expectRefused(
      await t.request('/api/endpoint', {
        method: 'PUT',
        headers,
        json: { url: CALLBACK_URL, secret: UNSIGNABLE },
      }),
      'secret',
    );
  });
});
