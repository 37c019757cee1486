import type { HeaderReader } from './read-header.js';
import type { Scheme } from './types.js';

/** The header names of one family: Standard Webhooks, its Svix alias, or the legacy scheme. */
export interface HeaderNames {
  signature: string;
  id: string;
  timestamp: string;
}

// Built once: constant names are much faster to look up than names concatenated per request.
const names = (family: string): HeaderNames => ({
  signature: `${family}signature`,
  id: `${family}id`,
  timestamp: `${family}timestamp`,
});
const STANDARD = names('webhook-');
const SVIX = names('svix-');
export const LEGACY = names('x-webhook-');

/**
 * The first header family present among those the scheme allows: `auto` tries `webhook-*`,
 * `svix-*`, then `x-webhook-*`. With none present, the first allowed family is assumed, so
 * the error names e.g. `webhook-signature`. Families are never mixed within one request.
 */
export function detectFamily(get: HeaderReader, scheme: Scheme | 'auto'): HeaderNames {
  const families =
    scheme === 'legacy'
      ? [LEGACY]
      : scheme === 'auto'
        ? [STANDARD, SVIX, LEGACY]
        : [STANDARD, SVIX];
  return families.find((f) => get(f.signature) || get(f.id) || get(f.timestamp)) ?? families[0]!;
}
