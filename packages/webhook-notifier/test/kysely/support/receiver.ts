import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  webhookId: string;
  body: Buffer;
  headers: IncomingMessage['headers'];
  /** `performance.now()` when the request ended. */
  at: number;
  /** The path the request went to (one receiver can play several endpoints). */
  path: string;
  /** What the receiver answered (held requests: 200). */
  status: number;
}

export interface ReceiverOptions {
  /** The status to answer a request with; default 200. */
  answer?(arrival: Omit<ReceivedWebhook, 'status'>): number;
  /** Wait this long before each answer. */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  /** Every request in arrival order. */
  received: ReceivedWebhook[];
  /** Arrivals answered with a success, per `webhook-id`. */
  countsById: Map<string, number>;
  /** Resolves once `count` distinct `webhook-id`s have arrived and been answered 2xx. */
  distinct(count: number): Promise<void>;
  /** Resolves once `count` requests in all have arrived. */
  arrivals(count: number): Promise<void>;
  /** Hold responses (true) or answer 200 at once (false); holding, `release()` answers them. */
  hold(holding: boolean): void;
  close(): Promise<void>;
}

/** A local webhook receiver that counts by `webhook-id`; `delayMs` before each answer. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const countsById = new Map<string, number>();
  const held: ServerResponse[] = [];
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  let holding = false;
  const check = () => {
    for (const waiter of [...waiters]) {
      if (!waiter.done()) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      waiters.push({ done, resolve });
      check();
    });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const webhookId = String(request.headers['webhook-id']);
      const arrival = {
        webhookId,
        body: Buffer.concat(chunks),
        headers: request.headers,
        at: performance.now(),
        path: request.url ?? '/',
      };
      const status = holding ? 200 : (options.answer?.(arrival) ?? 200);
      received.push({ ...arrival, status });
      if (status < 300) countsById.set(webhookId, (countsById.get(webhookId) ?? 0) + 1);
      if (holding) held.push(response);
      else if (options.delayMs) {
        setTimeout(
          () => response.writeHead(status).end(status < 300 ? 'ok' : 'try again'),
          options.delayMs,
        );
      } else response.writeHead(status).end(status < 300 ? 'ok' : 'try again');
      check();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    countsById,
    distinct: (count) => until(() => countsById.size >= count),
    arrivals: (count) => until(() => received.length >= count),
    hold(next) {
      holding = next;
      if (!next) for (const response of held.splice(0)) response.end('ok');
    },
    async close() {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
