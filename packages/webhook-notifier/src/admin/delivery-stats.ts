import { NotifierError } from '../errors/notifier-error.js';
import { checkTenant } from '../routing/endpoint-definition.js';
import type { DeliveryCounts, StoreStatsRow } from '../store/admin-store.js';
import type { AdminContext } from './admin-context.js';
import { checkEndpointIds, checkWindow } from './admin-input.js';

export interface DeliveryStatsOptions {
  /** Start of the window (inclusive). */
  since: Date;
  /** End of the window (exclusive). Default: now. */
  until?: Date;
  /** One endpoint, or any of several (at most 1000). Default: all. */
  endpointId?: string | readonly string[];
  /** Only this tenant's endpoints (`null`: those without a tenant). Default: all. */
  tenant?: string | null;
}

/** Attempt durations in milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Figures for one endpoint or all. Delivery figures (`messages` to `cancelled`, and
 * `eventualSuccessRate`) are about deliveries whose message was created in the window, by
 * their status now. Attempt figures (`attempts`, `firstAttemptSuccessRate`, `latencyMs`) are
 * about attempts that started in the window.
 */
export interface DeliveryStatsRow extends DeliveryCounts {
  /** Share of first attempts (attempt 1) that delivered; `null` without any. */
  firstAttemptSuccessRate: number | null;
  /** `delivered / (delivered + failed)`; `null` while none has finished. */
  eventualSuccessRate: number | null;
  /** `null` without attempts. */
  latencyMs: LatencyPercentiles | null;
}

export interface DeliveryStats {
  since: Date;
  until: Date;
  overall: DeliveryStatsRow;
  /** One row per endpoint with a delivery or an attempt in the window, in id order. */
  endpoints: (DeliveryStatsRow & { endpointId: string })[];
}

/**
 * Success rates, volumes and latency for a time window, overall and per endpoint. On
 * PostgreSQL computed in SQL (`percentile_cont`) over the window's rows only, found by index.
 *
 * @example
 * const stats = await admin.stats({ since: new Date(Date.now() - 24 * 3_600_000) });
 * stats.overall.eventualSuccessRate; // 0.998
 */
export async function deliveryStats(
  context: AdminContext,
  options: DeliveryStatsOptions,
): Promise<DeliveryStats> {
  if (typeof options !== 'object' || options === null || options.since === undefined) {
    throw new NotifierError('invalid_filter', 'since is required', { field: 'since' });
  }
  const until = options.until ?? new Date(context.clock.now());
  const window = checkWindow(options.since, until) as { since: Date; until: Date };
  const endpointIds = checkEndpointIds(options.endpointId);
  const tenant = checkTenant(options.tenant, 'tenant', 'invalid_filter');
  const stats = await context.store.deliveryStats({
    ...window,
    ...(endpointIds && { endpointIds }),
    ...(tenant !== undefined && { tenant }),
  });
  return {
    ...window,
    overall: toStatsRow(stats.overall),
    endpoints: stats.endpoints.map(({ endpointId, ...row }) => ({
      endpointId,
      ...toStatsRow(row),
    })),
  };
}

/** The store's raw figures as rates and percentiles. */
function toStatsRow(row: StoreStatsRow): DeliveryStatsRow {
  const { firstAttempts, firstAttemptsDelivered, p50Ms, p95Ms, p99Ms, ...counts } = row;
  const finished = counts.delivered + counts.failed;
  return {
    ...counts,
    firstAttemptSuccessRate: firstAttempts === 0 ? null : firstAttemptsDelivered / firstAttempts,
    eventualSuccessRate: finished === 0 ? null : counts.delivered / finished,
    latencyMs:
      p50Ms === null || p95Ms === null || p99Ms === null
        ? null
        : { p50: p50Ms, p95: p95Ms, p99: p99Ms },
  };
}
