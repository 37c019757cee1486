import type { StorePruneResult } from '../store/admin-store.js';
import type { AdminContext } from './admin-context.js';

/** How long finished deliveries are kept. */
export interface RetentionPolicy {
  /** Keep messages whose deliveries all `delivered` (or `cancelled`) this long after creation. */
  deliveredMaxAgeMs: number;
  /** Keep messages with a `failed` delivery this long after creation (longer: to replay). */
  failedMaxAgeMs: number;
  /** Messages deleted per statement. Default 500. */
  batchSize?: number;
  /** Batches per run at most; the next run goes on. Default 200. */
  maxBatches?: number;
}

export type PruneResult = StorePruneResult;

/**
 * One retention run: deletes messages older than the policy's ages whose deliveries are all
 * finished, with their deliveries and attempts, in small batches. Pending deliveries are
 * never deleted, whatever their age. Across processes only one prunes at a time; the others
 * get `ran: false`.
 *
 * @example
 * await admin.prune({ deliveredMaxAgeMs: 7 * 864e5, failedMaxAgeMs: 30 * 864e5 });
 */
export async function prune(
  _context: AdminContext,
  _policy: RetentionPolicy,
): Promise<PruneResult> {
  throw new Error('not implemented yet');
}
