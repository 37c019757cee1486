import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';

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
  _context: AdminContext,
  _endpointId: string,
  _options: RotateSecretOptions,
): Promise<EndpointHealth> {
  throw new Error('not implemented yet');
}
