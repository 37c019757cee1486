import type { CryptoBackend } from './crypto-backend.js';
import { eventTypeOf, parsePayload } from './parse-payload.js';
import type {
  HeadersLike,
  KeyPair,
  Secrets,
  SignInput,
  VerifiedWebhook,
  VerifyOptions,
  WebhookMetadata,
} from './types.js';
import { resolveVerifyOptions, verifySignatureWith } from './verify-signature.js';

/**
 * What both entry points export: `node` and `web` bind each function below to their crypto
 * backend, so there is one implementation and one set of docs. `T` is the payload type you
 * expect, such as `TaskCompletedEvent`; the signature vouches for it, nothing checks its shape.
 */
export interface ReceiverVerify {
  /**
   * Verifies a webhook on its raw body, then parses the body as JSON.
   *
   * Throws a `TypeError` at once on misuse (no secret, malformed `whsec_` key, parsed body);
   * rejects with a `WebhookVerificationError` carrying a `reason` when the request is not an
   * authentic, fresh webhook. Checks run in order: headers, timestamp, signature, JSON.
   *
   * @example
   * const event = await verify<TaskCompletedEvent>(rawBody, req.headers, process.env.WEBHOOK_SECRET!);
   */
  verify<T = unknown>(
    rawBody: string | Uint8Array,
    headers: HeadersLike,
    secret: Secrets,
    options?: VerifyOptions,
  ): Promise<T>;

  /**
   * Like {@link ReceiverVerify.verify}, and also returns the webhook id (dedupe by it:
   * retries reuse it), the signed timestamp, the event type and the scheme.
   *
   * @example
   * const { id, payload } = await verifyWebhook<TaskCompletedEvent>(rawBody, req.headers, secret);
   * if (await alreadyHandled(id)) return;
   */
  verifyWebhook<T = unknown>(
    rawBody: string | Uint8Array,
    headers: HeadersLike,
    secret: Secrets,
    options?: VerifyOptions,
  ): Promise<VerifiedWebhook<T>>;

  /**
   * Checks signature and timestamp only, leaving the body unparsed (to forward or store it).
   *
   * @example
   * const { id } = await verifySignature(rawBody, req.headers, secret);
   */
  verifySignature(
    rawBody: string | Uint8Array,
    headers: HeadersLike,
    secret: Secrets,
    options?: VerifyOptions,
  ): Promise<WebhookMetadata>;

  /**
   * Verifies a Fetch `Request` (Next.js route handlers, Hono, Deno, Bun, workers) and resolves
   * with its parsed payload. Reads the body once, as bytes, so the request body is consumed.
   *
   * @example
   * export async function POST(request: Request) {
   *   const event = await verifyRequest<TaskCompletedEvent>(request, process.env.WEBHOOK_SECRET!);
   *   return new Response(null, { status: 204 });
   * }
   */
  verifyRequest<T = unknown>(
    request: Request,
    secret: Secrets,
    options?: VerifyOptions,
  ): Promise<T>;

  /**
   * Like {@link ReceiverVerify.verifyRequest}, and also returns the `webhook-id`, the signed
   * timestamp, the event type and the scheme, as {@link ReceiverVerify.verifyWebhook} does.
   *
   * @example
   * const { id, eventType, payload } = await verifyWebhookRequest<TaskCompletedEvent>(request, secret);
   * if (await alreadyHandled(id)) return new Response(null, { status: 204 });
   */
  verifyWebhookRequest<T = unknown>(
    request: Request,
    secret: Secrets,
    options?: VerifyOptions,
  ): Promise<VerifiedWebhook<T>>;

  /**
   * Signs a body you are about to send, byte for byte, and returns the headers to send with
   * it (lower-case names). Standard Webhooks by default; several secrets give several
   * signatures.
   *
   * @example
   * const body = JSON.stringify(event);
   * const headers = await sign({ id: 'msg_2b7x', timestamp: new Date(), body, secrets: secret });
   * await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
   */
  sign(input: SignInput): Promise<Record<string, string>>;

  /**
   * A new HMAC secret: `whsec_` + base64 of 24 random bytes.
   *
   * @example
   * const secret = generateSecret(); // 'whsec_...'
   */
  generateSecret(): string;

  /**
   * A new Ed25519 key pair for v1a signatures: sign with `secretKey` (`whsk_`, seed + public
   * key, 64 bytes), hand `publicKey` (`whpk_`) to receivers.
   *
   * @example
   * const { secretKey, publicKey } = await generateKeyPair();
   */
  generateKeyPair(): Promise<KeyPair>;
}

// The implementations behind the interface, each taking the backend first. The entries bind
// them one by one (not as one object) so that a bundler can still drop the functions a
// receiver never imports, such as sign and generateKeyPair.

export function verifyWith(
  backend: CryptoBackend,
  rawBody: string | Uint8Array,
  headers: HeadersLike,
  secret: Secrets,
  options?: VerifyOptions,
): Promise<unknown> {
  return verifySignatureWith(backend, rawBody, headers, secret, options).then(() =>
    parsePayload(rawBody),
  );
}

export function verifyWebhookWith(
  backend: CryptoBackend,
  rawBody: string | Uint8Array,
  headers: HeadersLike,
  secret: Secrets,
  options?: VerifyOptions,
): Promise<VerifiedWebhook> {
  return verifySignatureWith(backend, rawBody, headers, secret, options).then((metadata) => {
    const payload = parsePayload(rawBody);
    // Standard Webhooks has no event header: the type is named in the signed payload.
    return { ...metadata, eventType: metadata.eventType ?? eventTypeOf(payload), payload };
  });
}

/** `check` on a Fetch `Request`'s bytes; misuse throws before the body is read. */
export function requestWith<R>(
  check: (
    backend: CryptoBackend,
    body: Uint8Array,
    headers: Headers,
    secret: Secrets,
    options?: VerifyOptions,
  ) => Promise<R>,
  backend: CryptoBackend,
  request: Request,
  secret: Secrets,
  options?: VerifyOptions,
): Promise<R> {
  resolveVerifyOptions(secret, options);
  return request
    .arrayBuffer()
    .then((buffer) => check(backend, new Uint8Array(buffer), request.headers, secret, options));
}
