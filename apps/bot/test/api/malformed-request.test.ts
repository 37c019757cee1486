import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerMalformedRequestsWithJson } from '../../src/api/malformed-request.js';
import { serveOnLocalPort } from '../support/http-server.js';
import { httpRequest, rawExchange, responsesArrived } from '../support/raw-http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let served: Awaited<ReturnType<typeof serveOnLocalPort>>;
let key: string;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  key = (await t.newKey()).key;
  served = await serveOnLocalPort(t.app.api);
  answerMalformedRequestsWithJson(served.server as Server);
}, 60_000);
afterAll(async () => {
  await served.close();
  await t.close();
});

describe('a request the HTTP parser refuses', () => {
  it.each([
    [
      'a NUL in the X-API-Key header',
      httpRequest('GET', '/api/tasks', { 'X-API-Key': 'a\u0000b' }),
    ],
    ['a request line that is not HTTP', Buffer.from('GARBAGE\r\n\r\n')],
    [
      'a Content-Length that is not a number',
      Buffer.from('POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}'),
    ],
    [
      'a header without a colon',
      Buffer.from(`GET /api/tasks HTTP/1.1\r\nHost: x\r\nX-API-Key: ${'k'}\r\nNoColon\r\n\r\n`),
    ],
  ])('gets a JSON 400 with a reason, then a clean close: %s', async (_name, bytes) => {
    const exchange = await rawExchange(served.port, async (socket, seen) => {
      socket.write(bytes);
      await responsesArrived(socket, seen, 1);
    });
    expect(exchange.error).toBeUndefined();
    expect(exchange.responses).toHaveLength(1);
    expect(exchange.responses[0]!.status).toBe(400);
    expect(JSON.parse(exchange.responses[0]!.body)).toMatchObject({
      success: false,
      reason: 'malformed_request',
    });
  });

  it('leaves the server answering well-formed requests', async () => {
    const exchange = await rawExchange(served.port, async (socket, seen) => {
      socket.write(httpRequest('GET', '/api/tasks', { 'X-API-Key': key }));
      await responsesArrived(socket, seen, 1);
    });
    expect(exchange.responses.map((r) => r.status)).toEqual([200]);
  });
});
