import type { EndpointRecord } from '../store/delivery-store.js';

/**
 * The secrets that sign an attempt at `nowMs`: the current ones, and during a rotation's
 * overlap also the previous ones (each gives its own signature, and a Standard Webhooks
 * receiver accepts any one that matches, whichever secret it holds).
 *
 * @example
 * signingSecrets(endpoint, Date.now()); // ['whsec_new', 'whsec_old'] until the overlap ends
 */
export function signingSecrets(
  endpoint: Pick<EndpointRecord, 'secrets' | 'previousSecrets' | 'previousSecretsExpireAt'>,
  nowMs: number,
): string[] {
  const previous = endpoint.previousSecrets ?? [];
  const expiry = endpoint.previousSecretsExpireAt?.getTime();
  if (previous.length === 0 || expiry === undefined || expiry <= nowMs) return endpoint.secrets;
  return [...endpoint.secrets, ...previous.filter((secret) => !endpoint.secrets.includes(secret))];
}
