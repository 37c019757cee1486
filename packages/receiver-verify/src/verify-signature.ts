import type { CryptoBackend } from './crypto-backend.js';
import { detectFamily, type HeaderNames, LEGACY } from './detect-scheme.js';
import { assertRawBody, misuse, WebhookVerificationError } from './errors.js';
import { matchSignature } from './match-signature.js';
import { type HeaderReader, readHeaders } from './read-header.js';
import { type Key, type ParsedSecret, resolveSecrets } from './secrets.js';
import { decodeLegacy, decodeStandard, parseSignatures } from './signature-header.js';
import { checkTimestamp } from './timestamp.js';
import type { HeadersLike, Scheme, Secrets, VerifyOptions, WebhookMetadata } from './types.js';

const SCHEMES = ['auto', 'standard-webhooks', 'legacy'];

interface Settings {
  secrets: ParsedSecret[];
  scheme: Scheme | 'auto';
  toleranceSeconds: number;
  now: () => number;
}

/** Validates what the caller configured; throws a `TypeError` on misuse. */
export function resolveVerifyOptions(secret: Secrets, options: VerifyOptions = {}): Settings {
  const secrets = resolveSecrets(secret);
  const { scheme = 'auto', toleranceSeconds = 300, now = Date.now } = options;
  if (!SCHEMES.includes(scheme)) throw misuse(`unknown scheme ${scheme}`);
  if (!(toleranceSeconds >= 0)) throw misuse('toleranceSeconds must be >= 0');
  for (const { standard } of secrets) {
    // A whsk_ key only signs; a bare non-base64 string can only be a legacy secret.
    if (standard ? standard.kind === 'ed25519-secret' : scheme === 'standard-webhooks') {
      throw misuse('verify with whsec_ or whpk_ secrets');
    }
  }
  return { secrets, scheme, toleranceSeconds, now };
}

/**
 * Checks a webhook's headers, timestamp and signature on its raw body, without parsing it.
 * Misuse throws a `TypeError` synchronously; a bad request rejects with
 * `WebhookVerificationError`.
 */
export function verifySignatureWith(
  backend: CryptoBackend,
  rawBody: string | Uint8Array,
  headers: HeadersLike,
  secret: Secrets,
  options?: VerifyOptions,
): Promise<WebhookMetadata> {
  const settings = resolveVerifyOptions(secret, options);
  assertRawBody(rawBody);
  const get = readHeaders(headers);
  return check(backend, rawBody, get, settings, detectFamily(get, settings.scheme));
}

async function check(
  backend: CryptoBackend,
  body: string | Uint8Array,
  get: HeaderReader,
  { secrets, toleranceSeconds, now }: Settings,
  names: HeaderNames,
): Promise<WebhookMetadata> {
  const legacy = names === LEGACY;
  const signature = get(names.signature);
  const id = get(names.id);
  const timestampValue = get(names.timestamp);
  if (!signature) throw new WebhookVerificationError('missing_header', names.signature);
  if (!legacy && !id) throw new WebhookVerificationError('missing_header', names.id);
  // The legacy timestamp is optional and unsigned: checked when present, forgeable by anyone.
  if (!legacy && !timestampValue) {
    throw new WebhookVerificationError('missing_header', names.timestamp);
  }
  const candidates = legacy
    ? parseSignatures(signature, names.signature, '=', decodeLegacy)
    : parseSignatures(signature, names.signature, ',', decodeStandard);
  const timestamp =
    timestampValue === undefined
      ? undefined
      : checkTimestamp(timestampValue, names.timestamp, toleranceSeconds, now());
  const keys: Key[] = [];
  for (const parsed of secrets) {
    const key = legacy ? parsed.legacy : parsed.standard;
    if (key) keys.push(key);
  }
  const prefix = legacy ? '' : `${id}.${timestampValue}.`;
  const matched = matchSignature(backend, keys, candidates, prefix, body);
  if (!(typeof matched === 'boolean' ? matched : await matched)) {
    throw new WebhookVerificationError('no_matching_signature', names.signature);
  }
  return legacy
    ? { scheme: 'legacy', id: undefined, timestamp, eventType: get('x-webhook-event') }
    : { scheme: 'standard-webhooks', id: id!, timestamp: timestamp!, eventType: undefined };
}
