import type { CryptoBackend } from './crypto-backend.js';
import { assertRawBody, misuse } from './errors.js';
import { resolveSecrets } from './secrets.js';
import type { SignInput } from './types.js';

// Unix seconds beyond this are surely milliseconds (year 5138), a classic mix-up.
const MAX_SECONDS = 1e11;

/**
 * Signs `input.body` as it is and returns lower-case header names and values. Misuse throws
 * a `TypeError` synchronously.
 */
export function signWith(
  backend: CryptoBackend,
  input: SignInput,
): Promise<Record<string, string>> {
  const { scheme = 'standard-webhooks', id, body, eventType } = input;
  const secrets = resolveSecrets(input.secrets);
  const timestamp = toUnixSeconds(input.timestamp);
  assertRawBody(body);
  const legacy = scheme === 'legacy';
  if (legacy && (secrets.length > 1 || !eventType)) {
    throw misuse('legacy needs one secret and an eventType');
  }
  if (!legacy && scheme !== 'standard-webhooks') throw misuse(`unknown scheme ${scheme}`);
  if (!legacy && !id) throw misuse('empty id');
  const keys = secrets.map(({ standard, legacy: raw }) => {
    const key = legacy ? raw : standard;
    if (key && key.kind !== 'ed25519') return key;
    throw misuse('sign with whsec_ or whsk_ secrets');
  });
  const prefix = legacy ? '' : `${id}.${timestamp}.`;
  const signatures = keys.map(
    async (key) =>
      (legacy ? 'sha256=' : key.kind === 'hmac' ? 'v1,' : 'v1a,') +
      (await backend.sign(key, prefix, body, legacy ? 'hex' : 'base64')),
  );
  return Promise.all(signatures).then((values): Record<string, string> => {
    const signature = values.join(' ');
    return legacy
      ? {
          'x-webhook-event': eventType!,
          'x-webhook-timestamp': `${timestamp}`,
          'x-webhook-signature': signature,
        }
      : { 'webhook-id': id, 'webhook-timestamp': `${timestamp}`, 'webhook-signature': signature };
  });
}

function toUnixSeconds(timestamp: number | Date): number {
  const seconds = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp;
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds >= MAX_SECONDS) {
    throw misuse('timestamp must be a Date or unix seconds');
  }
  return seconds;
}
