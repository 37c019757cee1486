import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError, errorBody } from './api-error.js';
import { lingerOnClose } from './linger-close.js';

export interface BodyLimits {
  /** Largest body a handler sees; larger ones get a 413. */
  maxBytes: number;
  /**
   * Up to this many bytes, an oversized body is read to its end and thrown away before the
   * 413, so the connection stays usable; past it the 413 closes the connection.
   */
  discardBytes: number;
  /** How long a closing connection keeps reading (and dropping) what the client still sends. */
  lingerMs: number;
}

/**
 * Reads every request body to its end before any handler runs, keeping at most `maxBytes`.
 * Whatever the answer (401, 404, 413, 415...), nothing the client sent is left unread on the
 * connection: unread bytes either block the next request on a keep-alive connection or, when
 * the server gives up and closes, turn into a reset that can eat the response.
 */
export function readBodyFirst(limits: BodyLimits): MiddlewareHandler {
  return async (c, next) => {
    const stream = c.req.raw.body;
    if (!stream) return next();
    const reader = stream.getReader();
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (declared > limits.discardBytes) return tooLargeThenClose(c, reader, limits);

    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await readChunk(reader);
      if (done) break;
      size += value.byteLength;
      if (size > limits.discardBytes) return tooLargeThenClose(c, reader, limits);
      if (size <= limits.maxBytes) chunks.push(value);
    }
    if (size > limits.maxBytes) return tooLarge(c, limits);
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    return next();
  };
}

async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>) {
  try {
    return await reader.read();
  } catch {
    throw new ApiError(
      400,
      'body_incomplete',
      'the connection ended before the whole body arrived',
    );
  }
}

function tooLarge(c: Context, limits: BodyLimits) {
  return c.json(
    errorBody('body_too_large', `the body is larger than ${limits.maxBytes} bytes`),
    413,
  );
}

/** A body too large even to throw away: answer now, close without a reset, read no more. */
function tooLargeThenClose(
  c: Context,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limits: BodyLimits,
) {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming?.socket) lingerOnClose(incoming.socket, limits.lingerMs);
  // Until the response is out the body keeps flowing (and is dropped), so the server is not
  // stalled behind a full receive buffer.
  void discard(reader);
  c.header('Connection', 'close');
  return tooLarge(c, limits);
}

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>) {
  try {
    for (;;) if ((await reader.read()).done) return;
  } catch {
    // The connection closed: nothing more to throw away.
  }
}
