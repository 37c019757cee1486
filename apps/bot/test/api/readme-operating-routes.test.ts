import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(
  readme.indexOf('### Endpoints: '),
  readme.indexOf('### `GET /health`'),
);

/** Every `curl` of the section as method, path and body (continuation lines joined). */
function curls() {
  const commands = section
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('curl '));
  return commands.map((line) => {
    const path = /\$API(\/api\/[^\s"']*)/.exec(line)?.[1] ?? '';
    const method = /-sX (\w+)/.exec(line)?.[1] ?? 'GET';
    const body = /-d '([^']*)'/.exec(line)?.[1];
    return { line, method, path, body };
  });
}

let t: TestApp;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  ({ headers } = await t.newKey('readme'));
}, 60_000);
afterAll(() => t.close());

describe("the README's operating examples", () => {
  it('shows every new route', () => {
    const shown = new Set(curls().map((c) => `${c.method} ${c.path.split('?')[0]}`));
    for (const route of [
      'POST /api/endpoints',
      'PATCH /api/endpoints/ep_...',
      'DELETE /api/endpoints/ep_...',
      'PUT /api/endpoint',
      'POST /api/tasks/1/test-webhook',
      'POST /api/endpoint/test-webhook',
      'GET /api/endpoints',
      'GET /api/endpoints/task_1',
      'POST /api/endpoints/task_1/enable',
      'GET /api/deliveries',
      'POST /api/deliveries/replay',
      'GET /api/stats',
    ]) {
      expect(shown, route).toContain(route);
    }
  });

  it('names only routes that exist, with bodies and queries the API understands', async () => {
    const list = curls();
    expect(list.length).toBeGreaterThan(10);
    for (const { line, method, path, body } of list) {
      const response = await t.request(path, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
      });
      const answer = await response.json();
      // Unknown ids in the examples are fine (404 naming what is missing); unknown routes,
      // refused filters and crashes are not.
      expect(answer.error, line).not.toBe('not found');
      if (!path.includes('cursor=WyJkZWxp'))
        expect([200, 201, 202, 404, 409], line).toContain(response.status);
    }
  });
});
