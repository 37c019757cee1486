import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/http/transport.js';

/** A send the test answers by hand. */
export interface HeldSend {
  request: HttpRequest;
  respond(response: HttpResponse): void;
  fail(error: unknown): void;
}

export type Responder = (
  request: HttpRequest,
  index: number,
) => HttpResponse | Promise<HttpResponse>;

export interface FakeTransport extends HttpTransport {
  /** Every request sent, in order. */
  readonly requests: HttpRequest[];
  /** Sends waiting for the test to answer (when no responder is set). */
  readonly held: HeldSend[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** The most sends in flight at once to one URL. */
  maxInFlightTo(url: string): number;
  closed: boolean;
  /** Resolves once `count` requests in total have been sent. */
  waitForRequests(count: number): Promise<void>;
}

/** A response with sensible defaults. */
export function response(
  status: number,
  headers: Record<string, string> = {},
  body: string | Uint8Array = '',
): HttpResponse {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return { status, headers, body: bytes, truncated: false };
}

/**
 * An `HttpTransport` for unit tests: answers with `responder`, or holds each send until the
 * test calls `respond`/`fail`, counting how many are in flight at once.
 */
export function createFakeTransport(responder?: Responder): FakeTransport {
  const requests: HttpRequest[] = [];
  const held: HeldSend[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const byUrl = new Map<string, { now: number; max: number }>();

  const transport: FakeTransport = {
    requests,
    held,
    closed: false,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    maxInFlightTo: (url) => byUrl.get(url)?.max ?? 0,
    async send(request) {
      const index = requests.push(request) - 1;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const perUrl = byUrl.get(request.url) ?? { now: 0, max: 0 };
      perUrl.now++;
      perUrl.max = Math.max(perUrl.max, perUrl.now);
      byUrl.set(request.url, perUrl);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      try {
        if (responder !== undefined) return await responder(request, index);
        return await new Promise<HttpResponse>((respond, fail) => {
          held.push({ request, respond, fail });
        });
      } finally {
        inFlight--;
        perUrl.now--;
      }
    },
    async close() {
      transport.closed = true;
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
  return transport;
}

/**
 * Answers held sends as they arrive, `answer` deciding each response, until `total` sends
 * were answered. No timers: it waits for the engine's next send each time.
 */
export async function answerHeld(
  transport: FakeTransport,
  total: number,
  answer: (held: HeldSend) => void = (held) => held.respond(response(200)),
): Promise<void> {
  let answered = 0;
  while (answered < total) {
    await transport.waitForRequests(answered + 1);
    for (const held of transport.held.splice(0)) {
      answer(held);
      answered++;
    }
  }
}
