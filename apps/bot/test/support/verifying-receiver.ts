import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@dramarelay/receiver-verify';

export interface VerifiedDelivery {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  /** The payload, when the signature verified; `undefined` when it did not. */
  payload: unknown;
  /** The verifier's reason when the signature did not verify. */
  refusal: string | undefined;
  /** The status the receiver answered. */
  status: number;
}

/**
 * A receiver as an integrator writes one: a real HTTP server on 127.0.0.1 that verifies every
 * webhook with @dramarelay/receiver-verify against the secret it holds, answers 401 when the
 * signature does not verify and 200 when it does, unless told to answer something else
 * (an outage, a 410).
 */
export async function startVerifyingReceiver(options: {
  secret: string;
  now: () => number;
  /** Called before each answer, e.g. to move a fake clock as a slow receiver would. */
  beforeAnswer?: () => void;
}) {
  const state = {
    secret: options.secret,
    /** Set to answer every request with this status (after verifying), e.g. 503. */
    answer: undefined as number | undefined,
  };
  const received: VerifiedDelivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const entry: VerifiedDelivery = {
        headers: req.headers,
        raw,
        payload: undefined,
        refusal: undefined,
        status: 0,
      };
      try {
        const verified = await verifyWebhook(
          raw,
          req.headers as Record<string, string>,
          state.secret,
          {
            now: options.now,
          },
        );
        entry.payload = verified.payload;
      } catch (error) {
        entry.refusal = (error as { reason?: string }).reason ?? String(error);
      }
      entry.status = entry.refusal !== undefined ? 401 : (state.answer ?? 200);
      options.beforeAnswer?.();
      received.push(entry);
      res.statusCode = entry.status;
      res.end(entry.refusal ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    state,
    received,
    /** Verified payloads only. */
    verified: () => received.filter((r) => r.refusal === undefined).map((r) => r.payload),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
