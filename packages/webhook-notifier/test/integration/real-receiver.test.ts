import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSecret, verify } from '@dramarelay/receiver-verify';
import { createFakeClock } from '@dramarelay/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import { retryPresets } from '../../src/retry/retry-policy.js';
import type { LookupFunction } from '../../src/ssrf/ssrf-policy.js';
import { MemoryStore } from '../../src/store/memory-store.js';

interface Received {
  body: Buffer;
  headers: IncomingMessage['headers'];
}

/** A receiver on 127.0.0.1 that records raw requests and answers with the given statuses. */
async function startReceiver(statuses: number[]) {
  const received: Received[] = [];
  let connections = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks), headers: request.headers });
      response.writeHead(statuses[received.length - 1] ?? 204, { 'retry-after': '7' });
      response.end('thanks');
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receivers.push(server);
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    port,
    received,
    connections: () => connections,
  };
}

const receivers: Server[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const drama = {
  event: 'task.completed',
  data: { task_title: '《霸道总裁爱上我》', cheer: '🎉💯' },
};

describe('end to end over real HTTP', () => {
  it('delivers through undici to a node:http receiver that verifies with receiver-verify, retrying a 503', async () => {
    const receiver = await startReceiver([503, 204]);
    const clock = createFakeClock(Date.now());
    const secret = generateSecret();
    const notifier = createNotifier({
      store: new MemoryStore(),
      clock,
      retry: retryPresets.original,
      ssrf: { allow: ['127.0.0.1'] },
    });
    const { messageId, deliveryId } = await notifier.enqueue({
      endpoint: { url: receiver.url, secrets: secret },
      eventType: 'task.completed',
      payload: drama,
    });

    expect(await notifier.runOnce()).toMatchObject({ retried: 1 });
    const retryAt = (await notifier.store.getDelivery(deliveryId))!.nextAttemptAt;
    expect(retryAt.getTime() - clock.now()).toBe(7_000);
    clock.set(retryAt);
    expect(await notifier.runOnce()).toMatchObject({ delivered: 1 });
    await notifier.stop();

    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.body.equals(first!.body)).toBe(true);
    for (const request of receiver.received) {
      expect(request.headers['webhook-id']).toBe(messageId);
      const headers = request.headers as Record<string, string>;
      const now = () => Number(headers['webhook-timestamp']) * 1000;
      await expect(verify(request.body, headers, secret, { now })).resolves.toEqual(drama);
    }
    expect(second!.headers['webhook-attempt']).toBe('2');
    expect(second!.headers['user-agent']).toMatch(/^dramarelay-webhook-notifier\//);
    const attempts = await notifier.store.listAttempts(deliveryId);
    expect(attempts.map((a) => [a.statusCode, a.responseExcerpt])).toEqual([
      [503, 'thanks'],
      [204, null],
    ]);
  });

  it('never connects to a host that resolves to a forbidden address, and fails it without retry', async () => {
    const receiver = await startReceiver([204]);
    const toLoopback: LookupFunction = (_host, _options, callback) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    const notifier = createNotifier({ store: new MemoryStore(), ssrf: { lookup: toLoopback } });
    const { deliveryId } = await notifier.enqueue({
      endpoint: { url: `http://hooks.partner.test:${receiver.port}/x`, secrets: generateSecret() },
      eventType: 'task.completed',
      payload: drama,
    });
    expect(await notifier.runOnce()).toMatchObject({ failed: 1 });
    await notifier.stop();

    expect(receiver.connections()).toBe(0);
    const [attempt] = await notifier.store.listAttempts(deliveryId);
    expect(attempt).toMatchObject({ errorClass: 'ssrf_refused', statusCode: null });
  });
});
