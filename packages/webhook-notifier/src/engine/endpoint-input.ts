import { NotifierError, type NotifierErrorReason } from '../errors/notifier-error.js';
import { checkDestination, parseHttpUrl } from '../ssrf/check-destination.js';
import type { DestinationRefusal, SsrfPolicy } from '../ssrf/ssrf-policy.js';
import type { EnqueueInput, SigningScheme } from '../store/delivery-store.js';

/** Where a message goes and how it is signed. */
export interface EndpointInput {
  /** Your stable id for this endpoint. Default: the URL. */
  id?: string;
  url: string;
  /**
   * `whsec_...` (HMAC) and/or `whsk_...` (Ed25519) secrets for Standard Webhooks, or the one
   * shared secret of the legacy scheme. Several sign in parallel (rotation).
   */
  secrets: string | readonly string[];
  /** Default `'standard-webhooks'`. */
  scheme?: SigningScheme;
}

const SCHEMES: ReadonlySet<string> = new Set(['standard-webhooks', 'legacy']);
const URL_REFUSALS: ReadonlySet<DestinationRefusal> = new Set([
  'invalid_url',
  'scheme_not_allowed',
]);
const MAX_ID_LENGTH = 256;
const MAX_REMEMBERED_URLS = 1_000;
/** The key of "no SSRF guard" among the policies whose accepted URLs are remembered. */
const NO_GUARD = {};

/**
 * URLs each policy accepted lately: the check without DNS depends on the URL and the policy
 * alone, and an application enqueues to the same few URLs over and over. Refusals are not
 * remembered (they throw, and are rare).
 */
const acceptedUrls = new WeakMap<object, Set<string>>();

/**
 * Checks an endpoint before anything is stored: a usable id, a known scheme, at least one
 * secret, and a URL the SSRF policy allows (checked without DNS; the transport checks the
 * address it connects to). Error messages never repeat a secret, a path or a query.
 *
 * @example
 * normaliseEndpoint({ url: 'https://hooks.example.com/x', secrets: 'whsec_...' }, {});
 */
export function normaliseEndpoint(
  input: EndpointInput,
  ssrf: SsrfPolicy | false,
  /** Prefixed to the `field` of an error: `endpoint.` for an inline endpoint. */
  prefix = 'endpoint.',
): EnqueueInput['endpoint'] {
  const refuse = (reason: NotifierErrorReason, field: string, message: string) =>
    new NotifierError(reason, `${prefix}${field} ${message}`, { field: `${prefix}${field}` });
  if (typeof input !== 'object' || input === null || typeof input.url !== 'string') {
    throw refuse('invalid_endpoint', 'url', 'must be a string');
  }
  const scheme = input.scheme ?? 'standard-webhooks';
  if (!SCHEMES.has(scheme)) {
    throw refuse('invalid_endpoint', 'scheme', "must be 'standard-webhooks' or 'legacy'");
  }
  const id = input.id ?? input.url;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw refuse('invalid_endpoint', 'id', `must be 1 to ${MAX_ID_LENGTH} characters`);
  }
  checkUrl(input.url, ssrf, prefix);
  const list = normaliseSecrets(input.secrets);
  if (list === undefined) throw refuse('missing_secret', 'secrets', 'is empty');
  if (list.some((secret) => typeof secret !== 'string' || secret.length === 0)) {
    throw refuse('missing_secret', 'secrets', 'holds an empty or non-string value');
  }
  return { id, url: input.url, scheme, secrets: list };
}

/** Throws the refusal of a URL the policy does not accept (see `acceptedUrls`). */
function checkUrl(url: string, ssrf: SsrfPolicy | false, prefix: string): void {
  const policy = ssrf === false ? NO_GUARD : ssrf;
  let accepted = acceptedUrls.get(policy);
  if (accepted?.has(url)) return;
  const destination = ssrf === false ? parseHttpUrl(url, false) : checkDestination(url, ssrf);
  if (!destination.ok) {
    const reason = URL_REFUSALS.has(destination.reason)
      ? 'invalid_endpoint'
      : 'destination_refused';
    throw new NotifierError(reason, `endpoint refused: ${destination.message}`, {
      refusal: destination.reason,
      field: `${prefix}url`,
    });
  }
  if (accepted === undefined) {
    accepted = new Set();
    acceptedUrls.set(policy, accepted);
  }
  if (accepted.size >= MAX_REMEMBERED_URLS) accepted.clear();
  accepted.add(url);
}

function normaliseSecrets(secrets: EndpointInput['secrets']): string[] | undefined {
  const list = typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? [...secrets] : [];
  return list.length === 0 ? undefined : list;
}
