import { nodeCrypto as backend } from './crypto-node.js';
import { generateKeyPairWith, generateSecretWith } from './generate-keys.js';
import { parsePayload } from './parse-payload.js';
import { signWith } from './sign-webhook.js';
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

export {
  WebhookVerificationError,
  type WebhookVerificationErrorReason,
} from './errors.js';
export type * from './types.js';

/**
 * Verifies a webhook on its raw body, then parses the body as JSON.
 *
 * Throws a `TypeError` at once on misuse (no secret, malformed `whsec_` key, parsed body);
 * rejects with a `WebhookVerificationError` carrying a `reason` when the request is not an
 * authentic, fresh webhook. Checks run in order: headers, timestamp, signature, JSON.
 *
 * @example
 * const event = await verify(rawBody, req.headers, process.env.WEBHOOK_SECRET!);
 */
export function verify(
  rawBody: string | Uint8Array,
  headers: HeadersLike,
  secret: Secrets,
  options?: VerifyOptions,
): Promise<unknown> {
  return verifySignatureWith(backend, rawBody, headers, secret, options).then(() =>
    parsePayload(rawBody),
  );
}

/**
 * Like {@link verify}, and also returns the webhook id (dedupe by it: retries reuse it),
 * the signed timestamp and the scheme.
 *
 * @example
 * const { id, payload } = await verifyWebhook(rawBody, req.headers, secret);
 * if (await alreadyHandled(id)) return;
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: HeadersLike,
  secret: Secrets,
  options?: VerifyOptions,
): Promise<VerifiedWebhook> {
  return verifySignatureWith(backend, rawBody, headers, secret, options).then((metadata) => ({
    ...metadata,
    payload: parsePayload(rawBody),
  }));
}

/**
 * Checks signature and timestamp only, leaving the body unparsed (to forward or store it).
 *
 * @example
 * const { id } = await verifySignature(rawBody, req.headers, secret);
 */
export function verifySignature(
  rawBody: string | Uint8Array,
  headers: HeadersLike,
  secret: Secrets,
  options?: VerifyOptions,
): Promise<WebhookMetadata> {
  return verifySignatureWith(backend, rawBody, headers, secret, options);
}

/**
 * Verifies a Fetch `Request` (Next.js route handlers, Hono, Deno, Bun, workers). Reads the
 * body once, as bytes, so the request body is consumed.
 *
 * @example
 * export async function POST(request: Request) {
 *   const event = await verifyRequest(request, process.env.WEBHOOK_SECRET!);
 *   return new Response(null, { status: 204 });
 * }
 */
export function verifyRequest(
  request: Request,
  secret: Secrets,
  options?: VerifyOptions,
): Promise<unknown> {
  // Misuse throws before the body is read, as it does in verify().
  resolveVerifyOptions(secret, options);
  return request
    .arrayBuffer()
    .then((buffer) => verify(new Uint8Array(buffer), request.headers, secret, options));
}

/**
 * Signs a body you are about to send, byte for byte, and returns the headers to send with it
 * (lower-case names). Standard Webhooks by default; several secrets give several signatures.
 *
 * @example
 * const body = JSON.stringify(event);
 * const headers = await sign({ id: 'msg_2b7x', timestamp: new Date(), body, secrets: secret });
 * await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
 */
export function sign(input: SignInput): Promise<Record<string, string>> {
  return signWith(backend, input);
}

/**
 * A new HMAC secret: `whsec_` + base64 of 24 random bytes.
 *
 * @example
 * const secret = generateSecret(); // 'whsec_...'
 */
export function generateSecret(): string {
  return generateSecretWith(backend);
}

/**
 * A new Ed25519 key pair for v1a signatures: sign with `secretKey` (`whsk_`, seed + public
 * key, 64 bytes), hand `publicKey` (`whpk_`) to receivers.
 *
 * @example
 * const { secretKey, publicKey } = await generateKeyPair();
 */
export function generateKeyPair(): Promise<KeyPair> {
  return generateKeyPairWith(backend);
}
