import type { DeliveryStatus } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import type { DeliveryFilter } from './delivery-filter.js';

export interface ReplayOptions extends DeliveryFilter {
  /** Which deliveries to restart. Default `'failed'`; never `'pending'` (due already). */
  status?: Exclude<DeliveryStatus, 'pending'>;
  /** Only count: `matched` and `onDisabledEndpoints`, nothing changed. */
  dryRun?: boolean;
  /** Deliveries restarted per statement, 1 to 10 000. Default 1000. */
  batchSize?: number;
  /** Stop after this many batches and return a `cursor` to go on from. Default: no limit. */
  maxBatches?: number;
  /** The `cursor` of an interrupted or limited run: go on after it. */
  cursor?: string;
  /** Called after every batch (e.g. to draw a progress bar). */
  onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  /** Restarted so far in this call. */
  replayed: number;
  batches: number;
  /** Where a later call can go on from. */
  cursor: string;
}

export interface ReplayResult {
  dryRun: boolean;
  /** Dry run: the deliveries a replay would restart now. Otherwise: `replayed`. */
  matched: number;
  /**
   * Matching deliveries of disabled endpoints, which a replay leaves alone (they would not
   * be sent): enable the endpoint, then replay. Counted by the dry run only (else 0).
   */
  onDisabledEndpoints: number;
  replayed: number;
  batches: number;
  /** Set when `maxBatches` stopped the run early: pass it back to go on. `null`: done. */
  cursor: string | null;
}

/**
 * Bulk replay by filter: restarts matching deliveries (pending, due now, schedule restarted,
 * same message and `webhook-id`) in batches of short statements that skip rows a worker or
 * another replay holds, so claims never wait. Safe to run twice: a restarted delivery is
 * `pending` and no longer matches, and no delivery is ever copied. Deliveries of disabled
 * endpoints are left alone; naming a disabled endpoint refuses with `endpoint_disabled`.
 *
 * @example
 * const { matched } = await admin.replay({ endpointId: 'task-42', since, dryRun: true });
 * const { replayed } = await admin.replay({ endpointId: 'task-42', since });
 */
export async function replay(
  _context: AdminContext,
  _options: ReplayOptions = {},
): Promise<ReplayResult> {
  throw new Error('not implemented yet');
}
