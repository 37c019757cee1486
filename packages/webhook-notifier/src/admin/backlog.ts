import type { StoreBacklog } from '../store/admin-store.js';
import type { AdminContext } from './admin-context.js';

/** The queue now: what a metrics scrape or a dashboard's header shows. */
export interface Backlog extends StoreBacklog {
  /** How long the oldest pending delivery has waited since it was created; `0` without any. */
  oldestPendingAgeMs: number;
}

/**
 * The backlog, its oldest delivery's age and the endpoints by state, in one store call.
 *
 * @example
 * const { pending, oldestPendingAgeMs } = await backlog(context);
 */
export async function backlog(context: AdminContext): Promise<Backlog> {
  const now = context.clock.now();
  const found = await context.store.backlog(new Date(now));
  const oldest = found.oldestPendingAt;
  return {
    ...found,
    oldestPendingAgeMs: oldest === null ? 0 : Math.max(0, now - oldest.getTime()),
  };
}
