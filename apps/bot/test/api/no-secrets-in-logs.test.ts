import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ withBot: false, logger: pino({ level: 'trace' }, sink) });
});
afterAll(() => t.close());

describe('logs', () => {
  it('record requests but never a key or a secret, whatever the request carried', async () => {
    const { key, headers } = await t.newKey();
    const created = await (
      await t.request('/api/tasks', {
        method: 'POST',
        headers,
        json: {
          title: 'logged',
          callback_url: 'https://hooks.example.com/a',
          callback_secret: 'legacy_secret_value',
        },
      })
    ).json();
    const generated = await (
      await t.request('/api/tasks', {
        method: 'POST',
        headers,
        json: { title: 'g', callback_url: 'https://hooks.example.com/b' },
      })
    ).json();
    await t.request(`/api/tasks?api_key=${key}`);
    await t.request(`/api/tasks/${created.task.id}`, { headers });
    await t.request('/api/tasks', { headers: { 'x-api-key': `${key}x` } });

    const log = lines.join('');
    expect(log).toContain('"path":"/api/tasks"');
    expect(log).toContain('"status":401');
    for (const secret of [key, 'legacy_secret_value', generated.task.callback_secret]) {
      expect(log).not.toContain(secret);
    }
  });
});
