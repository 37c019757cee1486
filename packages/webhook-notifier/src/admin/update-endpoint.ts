import type { SigningScheme } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import type { EndpointHealth } from './endpoint-view.js';

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
  _context: AdminContext,
  _endpointId: string,
  _changes: EndpointChanges,
): Promise<EndpointHealth> {
  throw new Error('not implemented yet');
}
