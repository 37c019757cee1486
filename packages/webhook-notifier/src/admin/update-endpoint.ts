import { normaliseEndpoint } from '../engine/endpoint-input.js';
import { createSecretCheck } from '../engine/secret-check.js';
import { NotifierError } from '../errors/notifier-error.js';
import type { SsrfPolicy } from '../ssrf/ssrf-policy.js';
import type {
  EndpointPatch,
  EndpointRecord,
  EnqueueInput,
  SigningScheme,
} from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';
import { loadEndpoint, patchEndpoint } from './patch-endpoint.js';

/** What to change; at least one field. */
export interface EndpointChanges {
  /** Checked like `enqueue` checks it (URL syntax and the SSRF policy). */
  url?: string;
  /** The secrets are checked against the new scheme. */
  scheme?: SigningScheme;
  /**
   * Replace the secrets at once: the next attempt of every delivery is signed with these
   * only. For an overlap, where old and new both sign for a while, use `rotateSecret`.
   */
  secrets?: string | readonly string[];
}

/**
 * The patch for a change of URL, scheme or secrets (absent ones left alone), checked as an
 * inline endpoint is over the current values, and the endpoint as it will be. Only a new URL
 * meets the SSRF policy: the stored one passed it when it was set. New secrets replace at
 * once, and old secrets cannot sign with another scheme, so either drops a rotation.
 * `prefix` goes before the `field` of a refusal.
 *
 * @example
 * const { patch } = targetPatch(current, { url: 'https://hooks.example.com/v2' }, {});
 */
export function targetPatch(
  current: EndpointRecord,
  changes: EndpointChanges,
  ssrf: SsrfPolicy | false,
  prefix?: string,
): { patch: EndpointPatch; next: EnqueueInput['endpoint'] } {
  const { url, scheme, secrets } = changes;
  const next = normaliseEndpoint(
    {
      id: current.id,
      url: url ?? current.url,
      scheme: scheme ?? current.scheme,
      secrets: secrets ?? current.secrets,
    },
    url === undefined ? false : ssrf,
    prefix,
  );
  const patch: EndpointPatch = {};
  if (url !== undefined) patch.url = next.url;
  if (scheme !== undefined) patch.scheme = next.scheme;
  if (secrets !== undefined) patch.secrets = next.secrets;
  if (secrets !== undefined || (scheme !== undefined && scheme !== current.scheme)) {
    patch.previousSecrets = [];
    patch.previousSecretsExpireAt = null;
  }
  return { patch, next };
}

/**
 * Changes where an endpoint's deliveries go and how they are signed. Every delivery of the
 * endpoint that is not delivered yet follows: `pending` ones (due, retrying, or held by a
 * pause or a disable) at their next attempt, `failed` ones when redelivered or replayed. An
 * attempt already in flight finishes with the old values. Messages keep their bytes and
 * their `webhook-id`. A change of scheme drops a rotation's old secrets.
 *
 * @example
 * await admin.updateEndpoint('task-42', { url: 'https://hooks.example.com/v2' });
 */
export async function updateEndpoint(
  context: AdminContext,
  endpointId: string,
  changes: EndpointChanges,
): Promise<EndpointHealth> {
  const current = await loadEndpoint(context, endpointId);
  if (typeof changes !== 'object' || changes === null) {
    throw new NotifierError('invalid_argument', 'changes must be an object', { field: 'changes' });
  }
  const { url, scheme, secrets } = changes;
  if (url === undefined && scheme === undefined && secrets === undefined) {
    throw new NotifierError('invalid_argument', 'give at least one of url, scheme, secrets', {
      field: 'changes',
    });
  }
  const { patch, next } = targetPatch(current, changes, context.ssrf);
  await createSecretCheck()(next.scheme, next.secrets);
  return patchEndpoint(context, current.id, patch);
}
