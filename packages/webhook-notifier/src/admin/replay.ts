import { NotifierError } from '../errors/notifier-error.js';
import type { StoreReplayFilter } from '../store/admin-store.js';
import type { DeliveryStatus } from '../store/delivery-store.js';
import type { AdminContext } from './admin-context.js';
import { checkCount, decodeCursor, encodeCursor, isString } from './admin-input.js';
import type { DeliveryFilter } from './delivery-filter.js';
import { checkDeliveryFilter } from './delivery-filter.js';
import { endpointDisabled } from './redeliver.js';

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
  context: AdminContext,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const filter = checkReplayFilter(options);
  const { store } = context;
  await refuseDisabledEndpoint(context, filter);
  if (options.dryRun === true) {
    const count = await store.countReplayable(filter);
    return { dryRun: true, ...count, replayed: 0, batches: 0, cursor: null };
  }
  const limit = checkCount(options.batchSize, 'batchSize', 1000, 10_000);
  const maxBatches = checkCount(
    options.maxBatches,
    'maxBatches',
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
  );
  let after = decodeCursor('replay', options.cursor, isString);
  const result: ReplayResult = {
    dryRun: false,
    matched: 0,
    onDisabledEndpoints: 0,
    replayed: 0,
    batches: 0,
    cursor: null,
  };
  while (result.batches < maxBatches) {
    const now = new Date(context.clock.now());
    const batch = await store.replayBatch(filter, { limit, now, ...(after && { after }) });
    // Nothing left after the previous batch: done, whatever cursor that batch left.
    if (batch.last === null) return { ...result, cursor: null };
    result.batches++;
    result.replayed += batch.replayed;
    result.matched = result.replayed;
    after = batch.last;
    const cursor = encodeCursor('replay', after);
    options.onProgress?.({ replayed: result.replayed, batches: result.batches, cursor });
    if (batch.replayed < limit) return { ...result, cursor: null };
    result.cursor = cursor;
  }
  return result;
}

const REPLAYABLE: ReadonlySet<unknown> = new Set(['failed', 'delivered', 'cancelled']);

function checkReplayFilter(options: ReplayOptions): StoreReplayFilter {
  const status = options?.status ?? 'failed';
  if (!REPLAYABLE.has(status)) {
    throw new NotifierError(
      'invalid_filter',
      'status must be failed, delivered or cancelled (pending deliveries are due already)',
      { field: 'status' },
    );
  }
  return { ...checkDeliveryFilter(options), status };
}

/** Naming one disabled endpoint is a mistake worth saying, not an empty replay. */
async function refuseDisabledEndpoint(context: AdminContext, filter: StoreReplayFilter) {
  if (filter.endpointIds?.length !== 1) return;
  const [id] = filter.endpointIds;
  const endpoint = await context.store.getEndpoint(id as string);
  if (endpoint?.status === 'disabled') throw endpointDisabled(endpoint);
}
