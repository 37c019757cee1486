import { NotifierError } from '../errors/notifier-error.js';
import type { DeliveryAdminStore, StorePruneResult } from '../store/admin-store.js';
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
  context: Pick<AdminContext, 'clock'> & { store: Pick<DeliveryAdminStore, 'prune'> },
  policy: RetentionPolicy,
): Promise<PruneResult> {
  const resolved = resolveRetention(policy);
  const now = context.clock.now();
  return context.store.prune({
    deliveredBefore: new Date(now - resolved.deliveredMaxAgeMs),
    failedBefore: new Date(now - resolved.failedMaxAgeMs),
    batchSize: resolved.batchSize,
    maxBatches: resolved.maxBatches,
    now: new Date(now),
  });
}

/**
 * A retention policy with its defaults, checked: ages of at least a minute (a typo of units
 * must not wipe the history), batches of 1 to 10 000.
 *
 * @example
 * resolveRetention({ deliveredMaxAgeMs: 7 * 864e5, failedMaxAgeMs: 30 * 864e5 }).batchSize; // 500
 */
export function resolveRetention(policy: RetentionPolicy): Required<RetentionPolicy> {
  if (typeof policy !== 'object' || policy === null) {
    throw new NotifierError('invalid_argument', 'a retention policy is required', {
      field: 'retention',
    });
  }
  const age = (field: 'deliveredMaxAgeMs' | 'failedMaxAgeMs') => {
    const value = policy[field];
    if (!Number.isSafeInteger(value) || value < 60_000) {
      throw new NotifierError('invalid_argument', `${field} must be an integer >= 60000`, {
        field,
      });
    }
    return value;
  };
  const count = (field: 'batchSize' | 'maxBatches', fallback: number) => {
    const value = policy[field] ?? fallback;
    if (!Number.isInteger(value) || value < 1 || value > 10_000) {
      throw new NotifierError('invalid_argument', `${field} must be an integer from 1 to 10000`, {
        field,
      });
    }
    return value;
  };
  return {
    deliveredMaxAgeMs: age('deliveredMaxAgeMs'),
    failedMaxAgeMs: age('failedMaxAgeMs'),
    batchSize: count('batchSize', 500),
    maxBatches: count('maxBatches', 200),
  };
}
