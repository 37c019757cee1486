import { normaliseEndpoint } from '../engine/endpoint-input.js';
import { createSecretCheck } from '../engine/secret-check.js';
import { NotifierError } from '../errors/notifier-error.js';
import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';
import { loadEndpoint, patchEndpoint } from './patch-endpoint.js';

/** Standard Webhooks' usual overlap (Svix keeps an old secret for 24 hours). */
export const DEFAULT_ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

export interface RotateSecretOptions {
  /** The new secret(s), checked against the endpoint's scheme. */
  secrets: string | readonly string[];
  /**
   * How long the current secrets keep signing beside the new ones, so that a receiver can
   * switch over at its own pace (it verifies any one matching signature). Default 24 hours;
   * `0` switches at once. The legacy scheme carries one signature: only `0` is accepted.
   */
  overlapMs?: number;
}

/**
 * Rotates an endpoint's secrets with an overlap: from now every attempt is signed with the
 * new secrets and the current ones, until `now + overlapMs`; after that with the new ones
 * only (the old ones are ignored then, and dropped from the store by the next rotation or
 * update). Old secrets still overlapping from an earlier rotation are dropped now.
 *
 * @example
 * await admin.rotateSecret('task-42', { secrets: generateSecret(), overlapMs: 3_600_000 });
 */
export async function rotateSecret(
  context: AdminContext,
  endpointId: string,
  options: RotateSecretOptions,
): Promise<EndpointHealth> {
  const current = await loadEndpoint(context, endpointId);
  const overlapMs = options?.overlapMs ?? DEFAULT_ROTATION_OVERLAP_MS;
  if (!Number.isInteger(overlapMs) || overlapMs < 0) {
    throw new NotifierError('invalid_argument', 'overlapMs must be an integer >= 0', {
      field: 'overlapMs',
    });
  }
  if (current.scheme === 'legacy' && overlapMs > 0) {
    throw new NotifierError(
      'invalid_argument',
      'the legacy scheme sends one signature: rotate with overlapMs 0',
      { field: 'overlapMs' },
    );
  }
  const next = normaliseEndpoint(
    { id: current.id, url: current.url, scheme: current.scheme, secrets: options?.secrets ?? [] },
    false,
  );
  const previous = current.secrets.filter((secret) => !next.secrets.includes(secret));
  const checkSecrets = createSecretCheck();
  await checkSecrets(next.scheme, next.secrets);
  await checkSecrets(next.scheme, [...next.secrets, ...previous]);
  const overlapping = overlapMs > 0 && previous.length > 0;
  return patchEndpoint(context, current.id, {
    secrets: next.secrets,
    previousSecrets: overlapping ? previous : [],
    previousSecretsExpireAt: overlapping ? new Date(context.clock.now() + overlapMs) : null,
  });
}
