import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpointSchema } from '../../src/endpoints/endpoint-input.js';
import {
  createTaskSchema,
  createTasksBatchSchema,
  endpointSchema,
  listTasksQuerySchema,
  updateTaskSchema,
} from '../../src/tasks/task-input.js';
import { serveOnLocalPort } from '../support/http-server.js';
import { httpRequest, rawExchange, responsesArrived } from '../support/raw-http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * A valid value of every field the API reads, as a string: the walk below puts a NUL inside
 * each. The field lists come from the schemas themselves, so a field added later without a
 * sample here fails this test instead of going unchecked.
 */
const SAMPLES: Record<string, string> = {
  title: 'Drama',
  description: 'Post it',
  video_url: 'https://cdn.example.com/ep1.mp4',
  thumbnail_url: 'https://cdn.example.com/ep1.jpg',
  duration: '15',
  node_power_reward: '10',
  keywords_template: 'drama,love',
  hashtags: '#drama',
  category: 'romance',
  project_id: 'project-1',
  task_id: 'x2c-1',
  source: 'x2c',
  callback_url: 'http://127.0.0.1:9/hook',
  callback_secret: 'plain_secret_2024',
  callback_scheme: 'legacy',
  status: 'active',
  expires_at: '2030-01-01T00:00:00Z',
  url: 'http://127.0.0.1:9/hook',
  secret: 'plain_secret_2024',
  scheme: 'legacy',
  limit: '10',
  offset: '0',
  max_completions: '3',
  event_types: 'task.created',
  metadata: 'team',
  rate_limit_per_second: '5',
};
/** Fields that are not text: a NUL makes them the wrong type or value, still a 400. */
const NOT_TEXT = new Set([
  'duration',
  'node_power_reward',
  'callback_scheme',
  'status',
  'expires_at',
  'scheme',
  'limit',
  'offset',
  'max_completions',
  'event_types',
  'metadata',
  'rate_limit_per_second',
]);

function withNul(field: string): string {
  const sample = SAMPLES[field];
  if (sample === undefined) throw new Error(`no sample for the field ${field}: add one to SAMPLES`);
  return `${sample.slice(0, 1)}\u0000${sample.slice(1)}`;
}

let t: TestApp;
let headers: Record<string, string>;
let taskId: number;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  headers = (await t.newKey()).headers;
  const created = await t.request('/api/tasks', { headers, json: { title: 'to patch' } });
  taskId = (await created.json()).task.id;
}, 60_000);
afterAll(() => t.close());

async function expectRefused(response: Response, field: string) {
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body).toMatchObject({ success: false, field });
  const name = field.split('.').at(-1)!;
  expect(body.reason).toBe(NOT_TEXT.has(name) ? 'invalid_field' : 'text_contains_nul');
}

describe('a NUL character (\\u0000) is refused with a 400 naming the field, never a 500', () => {
  it.each(Object.keys(createTaskSchema.shape))('POST /api/tasks: %s', async (field) => {
    const json = { title: 'Drama', [field]: withNul(field) };
    await expectRefused(await t.request('/api/tasks', { headers, json }), field);
  });

  it.each(Object.keys(createTaskSchema.shape))('POST /api/tasks datasets: %s', async (field) => {
    const json = { datasets: [{ title: 'ok' }, { title: 'Drama', [field]: withNul(field) }] };
    await expectRefused(await t.request('/api/tasks', { headers, json }), `datasets.1.${field}`);
  });

  it.each(Object.keys(createTasksBatchSchema.shape).filter((f) => f !== 'datasets'))(
    'POST /api/tasks datasets, shared field: %s',
    async (field) => {
      const json = { datasets: [{ title: 'Drama' }], [field]: withNul(field) };
      await expectRefused(await t.request('/api/tasks', { headers, json }), field);
    },
  );

  it.each(
    Object.keys(updateTaskSchema.shape).flatMap((field) => [
      ['PATCH', field],
      ['PUT', field],
    ]),
  )('%s /api/tasks/:id: %s', async (method, field) => {
    const json = { [field]: withNul(field) };
    await expectRefused(await t.request(`/api/tasks/${taskId}`, { method, headers, json }), field);
  });

  it.each(Object.keys(endpointSchema.shape))('PUT /api/endpoint: %s', async (field) => {
    const json = { url: SAMPLES.url, [field]: withNul(field) };
    await expectRefused(await t.request('/api/endpoint', { method: 'PUT', headers, json }), field);
  });

  it.each(Object.keys(createEndpointSchema.shape))('POST /api/endpoints: %s', async (field) => {
    const json = { url: SAMPLES.url, [field]: withNul(field) };
    await expectRefused(await t.request('/api/endpoints', { headers, json }), field);
  });

  it('POST /api/endpoints: an event type and a metadata value', async () => {
    const types = { url: SAMPLES.url, event_types: ['task.created', 'task\u0000.deleted'] };
    const response = await t.request('/api/endpoints', { headers, json: types });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      reason: 'text_contains_nul',
      field: 'event_types.1',
    });
    const metadata = { url: SAMPLES.url, metadata: { team: 'gr\u0000owth' } };
    await expectRefused(
      await t.request('/api/endpoints', { headers, json: metadata }),
      'metadata.team',
    );
  });

  it.each(Object.keys(listTasksQuerySchema.shape))('GET /api/tasks?%s=', async (field) => {
    const query = `${field}=${encodeURIComponent(withNul(field))}`;
    const response = await t.request(`/api/tasks?${query}`, { headers });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ reason: 'invalid_field', field });
  });

  it('ignores a NUL in a query parameter or a body key the API does not read', async () => {
    expect((await t.request('/api/tasks?x%00y=%00', { headers })).status).toBe(200);
    const json = { title: 'Drama', 'note\u0000': '\u0000' };
    expect((await t.request('/api/tasks', { headers, json })).status).toBe(201);
  });

  it.each([
    '/api/tasks/1%00',
    '/api/tasks/%00',
    '/api/tasks/%00/deliveries',
    '/api/deliveries/dlv%00/redeliver',
    '/api/%00',
  ])('answers 404 for the path %s', async (path) => {
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
      const response = await t.request(path, { method, headers });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ success: false, reason: 'not_found' });
    }
  });

  it('refuses a NUL in a header (X-API-Key, Content-Type) at the HTTP layer, with a 400', async () => {
    const server = await serveOnLocalPort(t.app.api);
    try {
      const badHeaders: Record<string, string>[] = [
        { 'X-API-Key': `${headers['x-api-key']}\u0000` },
        { 'X-API-Key': headers['x-api-key']!, 'Content-Type': 'application/json\u0000' },
      ];
      for (const bad of badHeaders) {
        const exchange = await rawExchange(server.port, async (socket, seen) => {
          socket.write(httpRequest('POST', '/api/tasks', bad, '{"title":"Drama"}'));
          await responsesArrived(socket, seen, 1);
        });
        expect(exchange.responses.map((r) => r.status)).toEqual([400]);
      }
    } finally {
      await server.close();
    }
  });
});
