import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's section on `GET /health`: its JSON example and its table of fields. */
function documentedHealth() {
  const section = README.split('### `GET /health`')[1]?.split('\n### ')[0] ?? '';
  const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  const tableFields = [...section.matchAll(/^\| `(\w+)` /gm)].map((m) => m[1]);
  return { example: example ? JSON.parse(example) : undefined, tableFields };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
}, 60_000);
afterAll(() => t.close());

describe('GET /health', () => {
  it('returns exactly the fields the README documents, each explained in its table', async () => {
    await t.app.start();
    const response = await t.request('/health');
    expect(response.status).toBe(200);
    const body = await response.json();
    const documented = documentedHealth();
    expect(documented.example).toEqual(body);
    expect([...documented.tableFields].sort()).toEqual(Object.keys(body).sort());
  });

  it('says ok: true exactly when it answers 200', async () => {
    await t.app.stop();
    const response = await t.request('/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', ok: false });
  });
});
