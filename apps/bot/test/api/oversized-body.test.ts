import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOnLocalPort } from '../support/http-server.js';
import { httpRequest, rawExchange, responsesArrived } from '../support/raw-http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const MiB = 1024 * 1024;
let t: TestApp;
let server: Awaited<ReturnType<typeof serveOnLocalPort>>;
let key: string;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  key = (await t.newKey()).key;
  server = await serveOnLocalPort(t.app.api);
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

function oversizedCreate(size = MiB + 1, headers: Record<string, string> = { 'X-API-Key': key }) {
  return httpRequest(
    'POST',
    '/api/tasks',
    { ...headers, 'Content-Type': 'application/json' },
    Buffer.alloc(size, ' '),
  );
}
const listTasks = () => httpRequest('GET', '/api/tasks', { 'X-API-Key': key });

// Hundreds of megabytes cross the loopback here: generous limits for a busy machine.
describe('a body over 1 MiB, over a real socket', { timeout: 120_000 }, () => {
  it('gets a JSON 413 and the same keep-alive connection answers the next request', async () => {
    const exchange = await rawExchange(server.port, async (socket, seen) => {
      socket.write(oversizedCreate());
      socket.write(listTasks());
      await responsesArrived(socket, seen, 2);
    });
    expect(exchange.error).toBeUndefined();
    expect(exchange.responses.map((r) => r.status)).toEqual([413, 200]);
    expect(JSON.parse(exchange.responses[0]!.body)).toMatchObject({
      success: false,
      reason: 'body_too_large',
    });
  });

  it('keeps the connection usable after oversized bodies sent without a key or to no route', async () => {
    const exchange = await rawExchange(server.port, async (socket, seen) => {
      socket.write(oversizedCreate(2 * MiB, {}));
      socket.write(httpRequest('POST', '/nowhere', {}, Buffer.alloc(2 * MiB, 'x')));
      socket.write(listTasks());
      await responsesArrived(socket, seen, 3);
    });
    expect(exchange.error).toBeUndefined();
    expect(exchange.responses.map((r) => r.status)).toEqual([413, 413, 200]);
  });

  it('keeps a connection usable after a 401 to a body that is still arriving slowly', async () => {
    const body = Buffer.alloc(200 * 1024, ' ');
    const exchange = await rawExchange(server.port, async (socket, seen) => {
      socket.write(
        httpRequest('POST', '/api/tasks', {
          'Content-Type': 'application/json',
          'Content-Length': body.length,
        }),
      );
      // A slow uploader: the body takes longer than a server would wait to drain it.
      for (let sent = 0; sent < body.length; sent += 20 * 1024) {
        socket.write(body.subarray(sent, sent + 20 * 1024));
        await new Promise((resolve) => setTimeout(resolve, 80));
      }
      socket.write(listTasks());
      await responsesArrived(socket, seen, 2);
    });
    expect(exchange.error).toBeUndefined();
    expect(exchange.responses.map((r) => r.status)).toEqual([401, 200]);
  });

  it('answers 200 oversized requests in a tight loop on one connection: 200 clean 413s', async () => {
    const exchange = await rawExchange(server.port, async (socket, seen) => {
      for (let i = 1; i <= 200; i++) {
        socket.write(oversizedCreate(MiB + i));
        await responsesArrived(socket, seen, i);
      }
    });
    expect(exchange.error).toBeUndefined();
    expect(exchange.responses.map((r) => r.status)).toEqual(Array.from({ length: 200 }, () => 413));
  });

  it('answers 200 oversized fetch() calls in a tight loop with 200 413s and no failure', async () => {
    const outcomes: (number | string)[] = [];
    for (let i = 0; i < 200; i++) {
      try {
        const response = await fetch(`${server.url}/api/tasks`, {
          method: 'POST',
          headers: { 'x-api-key': key, 'content-type': 'application/json' },
          body: Buffer.alloc(MiB + 1 + i, ' '),
        });
        await response.arrayBuffer();
        outcomes.push(response.status);
      } catch (error) {
        outcomes.push(String((error as Error).cause ?? error));
      }
    }
    expect(outcomes.filter((o) => o !== 413)).toEqual([]);
  });

  it('closes cleanly after a complete 413 when the body is too large even to throw away', async () => {
    const exchange = await rawExchange(server.port, async (socket, seen) => {
      socket.write(
        httpRequest('POST', '/api/tasks', {
          'X-API-Key': key,
          'Content-Type': 'application/json',
          'Content-Length': 1024 * MiB,
        }),
      );
      // The client keeps sending until it sees the answer, as a real uploader does.
      const chunk = Buffer.alloc(64 * 1024, ' ');
      while (seen().length === 0 && socket.writable) {
        if (!socket.write(chunk)) {
          await new Promise((resolve) => {
            socket.once('drain', resolve);
            socket.once('end', resolve);
          });
        }
      }
      await responsesArrived(socket, seen, 1);
    });
    expect(exchange.error).toBeUndefined();
    expect(exchange.ended).toBe(true);
    expect(exchange.responses).toHaveLength(1);
    expect(exchange.responses[0]).toMatchObject({
      status: 413,
      headers: { connection: 'close' },
    });
  });
});
