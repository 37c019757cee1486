import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generateSecret } from '@dramarelay/receiver-verify';
import { afterEach, expect, it } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A receiver on 127.0.0.1 that reads each request and never answers it. */
async function startSilentReceiver() {
  const sockets: Socket[] = [];
  let arrived!: () => void;
  const firstRequest = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = createServer((request) => {
    request.resume();
    arrived();
  });
  server.on('connection', (socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, sockets, firstRequest };
}

it('stops within its own timeout while an attempt hangs, cutting that attempt connection', async () => {
  const receiver = await startSilentReceiver();
  const notifier = createNotifier({
    store: new MemoryStore(),
    ssrf: { allow: ['127.0.0.1'] },
    // The attempt would wait a minute for its answer; the stop below waits 100 ms.
    limits: { timeoutMs: 60_000, leaseMs: 120_000 },
  });
  await notifier.enqueue({
    endpoint: { url: receiver.url, secrets: generateSecret() },
    eventType: 'task.completed',
    payload: { task_id: 1 },
  });
  await notifier.start();
  await receiver.firstRequest;

  await expect(notifier.stop({ timeoutMs: 100 })).resolves.toEqual({ abandoned: 1 });
  // The hanging attempt's connection is ended by the sender, not left to its deadline.
  await Promise.all(
    receiver.sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readableEnded || socket.destroyed) resolve();
          else socket.once('end', resolve).once('close', resolve);
        }),
    ),
  );
  expect(receiver.sockets.every((socket) => socket.readableEnded || socket.destroyed)).toBe(true);
}, 15_000);
