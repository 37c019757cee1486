import type { DeliveryCounts } from '../store/admin-store.js';
import type { AdminContext } from './admin-context.js';

export interface DeliveryStatsOptions {
  /** Start of the window (inclusive). */
  since: Date;
  /** End of the window (exclusive). Default: now. */
  until?: Date;
  /** One endpoint, or any of several (at most 1000). Default: all. */
  endpointId?: string | readonly string[];
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
  _context: AdminContext,
  _options: DeliveryStatsOptions,
): Promise<DeliveryStats> {
  throw new Error('not implemented yet');
}
