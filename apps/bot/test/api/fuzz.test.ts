import { getTestDatabase } from '@dramarelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpointSchema } from '../../src/endpoints/endpoint-input.js';
import { createTaskSchema, endpointSchema, updateTaskSchema } from '../../src/tasks/task-input.js';
import { killAppProcesses, startAppProcess } from '../support/app-process.js';
import { serveOnLocalPort } from '../support/http-server.js';
import { httpRequest, rawExchange, responsesArrived } from '../support/raw-http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * What users send, mutated: wrong types, odd values, huge and deep JSON, bad keys, odd paths
 * and content types, against the real HTTP server over real sockets. The random source is
 * seeded, so a failure replays; FUZZ_SEED picks another run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const CASES = 800;
const PROCESS_CASES = 300;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (depth: number, open: string, close: string) =>
  `${open.repeat(depth)}${close.repeat(depth)}`;

const ODD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '😀'.repeat(50),
  '《霸道总裁》',
  'x'.repeat(10_000),
  'javascript:alert(1)',
  'http://169.254.169.254/latest/meta-data',
  'https://example.com/\u0000',
  '2026-13-45T99:99:99Z',
  'whsec_',
  'whsec_!!!!',
  [],
  [1, 2],
  {},
  { $ne: null },
  { __proto__: { polluted: true } },
  [[[[[]]]]],
];
/** Every field any route reads, from the schemas, so a new field is fuzzed too. */
const FIELDS = [
  ...new Set([
    ...Object.keys(createTaskSchema.shape),
    ...Object.keys(updateTaskSchema.shape),
    ...Object.keys(endpointSchema.shape),
    ...Object.keys(createEndpointSchema.shape),
    'datasets',
  ]),
];
const ODD_KEYS = ['__proto__', 'constructor', 'prototype', '', 'a\u0000b', '😀', 'TITLE', ' title'];
const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  '*/*',
  ';;;',
  undefined,
];
const METHODS = ['GET', 'POST', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'];

function fuzzCase(random: () => number, taskId: number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const paths = [
    '/api/tasks',
    '/api/tasks',
    `/api/tasks/${taskId}`,
    `/api/tasks/${taskId}`,
    `/api/tasks/${taskId}/deliveries`,
    '/api/tasks/0',
    '/api/tasks/-1',
    '/api/tasks/abc',
    `/api/tasks/${'9'.repeat(400)}`,
    '/api/tasks/%ZZ',
    '/api/tasks/%00',
    '/api/tasks/%F0%9F%98%80',
    '//api//tasks',
    '/api/tasks/?limit=5',
    '/api/tasks?limit=1e309&offset=-0',
    '/api/tasks?limit=%FF&status[]=active',
    '/api/tasks?status=active&status=paused',
    '/api/%2e%2e/health',
    '/api/deliveries/dlv_x/redeliver',
    '/api/deliveries/%00/redeliver',
    '/api/endpoint',
    '/api/endpoint',
    '/api/endpoints',
    '/api/endpoints/ep_x',
    '/api/endpoints/task_1',
    '/health',
    '/health?x=%00',
    `/${'a'.repeat(4000)}`,
    '/api/任务',
    '/telegram/webhook',
  ];
  const task: Record<string, unknown> = { title: 'Drama 《霸道总裁》', task_id: `fz-${random()}` };
  const mutations = 1 + Math.floor(random() * 4);
  for (let i = 0; i < mutations; i++) {
    const roll = random();
    if (roll < 0.5) task[pick(FIELDS)] = pick(ODD_VALUES);
    else if (roll < 0.65) delete task[pick(Object.keys(task))];
    else if (roll < 0.8) task[pick(ODD_KEYS)] = pick(ODD_VALUES);
    else task.datasets = [structuredClone(task), pick(ODD_VALUES)];
  }
  let body: string | undefined = JSON.stringify(task);
  const shape = random();
  if (shape < 0.05) body = deep(50_000, '[', ']');
  else if (shape < 0.1) body = `{"datasets":${deep(20_000, '[', ']')}}`;
  else if (shape < 0.13)
    body = `{"title":"x","a":${deep(10_000, '{"a":', '}').replace(/}$/, '1}')}}`;
  else if (shape < 0.16) body = `{"title":"${'x'.repeat(900_000)}"}`;
  else if (shape < 0.2) body = body.slice(0, Math.floor(random() * body.length));
  else if (shape < 0.24) body = `${body.slice(0, -1)},"title":"dup","title":7}`;
  else if (shape < 0.27) body = pick(['null', '[]', '"x"', '42', 'true', '{}', '{"":""}', ' ']);
  else if (shape < 0.3) body = undefined;
  const auth = random();
  const apiKey =
    auth < 0.85 ? 'key' : auth < 0.9 ? undefined : auth < 0.95 ? 'drk_x' : 'k'.repeat(9000);
  return {
    method: pick(METHODS),
    path: pick(paths),
    contentType: pick(CONTENT_TYPES),
    body,
    apiKey,
  };
}

/** Sends `cases` mutated requests to `baseUrl`; what went wrong, by kind. */
async function fuzz(baseUrl: string, apiKey: string, target: number, cases: number, seed: number) {
  const random = prng(seed);
  const serverErrors: string[] = [];
  const dropped: string[] = [];
  const notJson: string[] = [];
  for (let i = 0; i < cases; i++) {
    const c = fuzzCase(random, target);
    const headers: Record<string, string> = {};
    if (c.contentType !== undefined) headers['content-type'] = c.contentType;
    if (c.apiKey !== undefined) headers['x-api-key'] = c.apiKey === 'key' ? apiKey : c.apiKey;
    const sendsBody = c.body !== undefined && c.method !== 'GET' && c.method !== 'HEAD';
    const label = `#${i} ${c.method} ${c.path.slice(0, 60)} ${c.contentType} ${c.body?.slice(0, 60)}`;
    try {
      const response = await fetch(`${baseUrl}${c.path}`, {
        method: c.method,
        headers,
        ...(sendsBody ? { body: c.body } : {}),
      });
      const text = await response.text();
      if (response.status >= 500) serverErrors.push(`${response.status} ${label}`);
      if (response.status >= 400 && c.method !== 'HEAD') {
        try {
          const error = JSON.parse(text);
          if (error.success !== false || typeof error.reason !== 'string') notJson.push(label);
        } catch {
          notJson.push(`${label}: ${text.slice(0, 80)}`);
        }
      }
    } catch (error) {
      dropped.push(`${label}: ${String((error as Error).cause ?? error)}`);
    }
  }
  return { serverErrors, dropped, notJson };
}

let t: TestApp;
let server: Awaited<ReturnType<typeof serveOnLocalPort>>;
let key: string;
let taskId: number;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  key = (await t.newKey()).key;
  await t.app.start();
  server = await serveOnLocalPort(t.app.api);
  const created = await t.request('/api/tasks', {
    headers: { 'x-api-key': key },
    json: { title: 'fuzz target' },
  });
  taskId = (await created.json()).task.id;
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

describe(`fuzzing the API over real sockets (seed ${SEED})`, { timeout: 300_000 }, () => {
  it(`answers ${CASES} mutated requests with no 5xx, no dropped connection, JSON errors`, async () => {
    const { serverErrors, dropped, notJson } = await fuzz(server.url, key, taskId, CASES, SEED);
    expect(serverErrors).toEqual([]);
    expect(dropped).toEqual([]);
    expect(notJson).toEqual([]);

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    const list = await fetch(`${server.url}/api/tasks`, { headers: { 'x-api-key': key } });
    expect(list.status).toBe(200);
  });

  it('survives malformed HTTP on raw sockets and keeps serving', async () => {
    const malformed = [
      Buffer.from('GARBAGE\r\n\r\n'),
      Buffer.from('POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}'),
      Buffer.from(
        'POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}',
      ),
      Buffer.from(
        'POST /api/tasks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      ),
      Buffer.from(`GET /api/tasks HTTP/1.1\r\nHost: x\r\nX-API-Key: ${key}\r\nNoColonHere\r\n\r\n`),
      Buffer.from('GET /health HTTP/1.0\r\n\r\n'),
      Buffer.from(
        `GET http://127.0.0.1/api/tasks HTTP/1.1\r\nHost: x\r\nX-API-Key: ${key}\r\n\r\n`,
      ),
      httpRequest('POST', '/api/tasks', {
        'X-API-Key': key,
        'Content-Type': 'application/json',
        'Content-Length': 100,
      }),
    ];
    for (const bytes of malformed) {
      const exchange = await rawExchange(server.port, async (socket, seen) => {
        socket.write(bytes);
        // The last case promises 100 bytes and sends none: the client gives up first.
        await Promise.race([
          responsesArrived(socket, seen, 1),
          new Promise((resolve) => setTimeout(resolve, 200)),
        ]);
      });
      for (const response of exchange.responses) expect(response.status).toBeLessThan(500);
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('does the same to the app as `npm start` runs it, a real process, and it stays healthy', async () => {
    const database = await getTestDatabase();
    try {
      const app = await startAppProcess({ DATABASE_URL: database.connectionString });
      const created = await fetch(`${app.baseUrl}/api/tasks`, {
        method: 'POST',
        headers: { 'x-api-key': app.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'fuzz target' }),
      });
      const target = ((await created.json()) as { task: { id: number } }).task.id;
      const found = await fuzz(app.baseUrl, app.apiKey, target, PROCESS_CASES, SEED + 1);
      expect(found).toEqual({ serverErrors: [], dropped: [], notJson: [] });
      expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200);
      expect(app.child.exitCode).toBeNull();
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      await killAppProcesses();
      await database.close();
    }
  });
});
