import type { StoreBacklog } from './admin-store.js';
import type { MemoryTables } from './memory-admin-queries.js';

/**
 * `MemoryStore`'s backlog, as the Kysely store's statement computes it.
 *
 * @example
 * backlogIn(tables, new Date()).pending; // 3
 */
export function backlogIn(tables: MemoryTables, now: Date): StoreBacklog {
  let pending = 0;
  let oldest: number | null = null;
  for (const delivery of tables.deliveries.values()) {
    if (delivery.status !== 'pending') continue;
    pending += 1;
    const created = delivery.createdAt.getTime();
    if (oldest === null || created < oldest) oldest = created;
  }
  const endpoints = { active: 0, paused: 0, disabled: 0 };
  for (const endpoint of tables.endpoints.values()) {
    if (endpoint.status === 'disabled') endpoints.disabled += 1;
    else if (endpoint.pausedUntil !== null && endpoint.pausedUntil > now) endpoints.paused += 1;
    else endpoints.active += 1;
  }
  return { pending, oldestPendingAt: oldest === null ? null : new Date(oldest), endpoints };
}
