import { WebhookVerificationError } from './errors.js';

/**
 * A signature offered by the sender, still encoded, and the kind of key that can check it.
 * Backends decode or compare it: Node compares encoded digests, Web Crypto needs bytes.
 */
export interface Candidate {
  kind: 'hmac' | 'ed25519';
  signature: string;
  encoding: 'base64' | 'hex';
}

type Decode = (version: string, value: string) => Candidate | undefined;

/**
 * Splits a space-separated signature header into `version<separator>value` entries and keeps
 * the ones `decode` understands. Throws `malformed_header` when no entry has that shape.
 */
export function parseSignatures(
  value: string,
  header: string,
  separator: string,
  decode: Decode,
): Candidate[] {
  const candidates: Candidate[] = [];
  let wellFormed = false;
  for (const entry of value.split(' ')) {
    const at = entry.indexOf(separator);
    if (at < 1) continue;
    wellFormed = true;
    // A trailing comma comes from repeated headers joined with ", ".
    const end = entry.endsWith(',') ? -1 : undefined;
    const candidate = decode(entry.slice(0, at), entry.slice(at + 1, end));
    if (candidate) candidates.push(candidate);
  }
  if (!wellFormed) throw new WebhookVerificationError('malformed_header', header);
  return candidates;
}

/**
 * `v1,<base64 HMAC-SHA256>` (44 characters) and `v1a,<base64 Ed25519>` (88); other versions
 * are ignored. Exact lengths keep padding canonical.
 */
export const decodeStandard: Decode = (version, signature) =>
  version === 'v1' && signature.length === 44
    ? { kind: 'hmac', signature, encoding: 'base64' }
    : version === 'v1a' && signature.length === 88
      ? { kind: 'ed25519', signature, encoding: 'base64' }
      : undefined;

/** `sha256=<lower-case hex HMAC-SHA256>`, as Python's `hexdigest()` writes it. */
export const decodeLegacy: Decode = (algorithm, signature) =>
  algorithm === 'sha256' && signature.length === 64
    ? { kind: 'hmac', signature, encoding: 'hex' }
    : undefined;
