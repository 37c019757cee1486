import type { StorePruneOptions, StorePruneResult } from './admin-store.js';
import type {
  AttemptRecord,
  DeliveryRecord,
  EndpointRecord,
  MessageRecord,
} from './delivery-store.js';
import { prunableMessagesIn } from './memory-admin-queries.js';
import { idempotencySlot } from './memory-routing.js';

/** The maps retention changes in a `MemoryStore`. */
export interface MemoryPruneState {
  endpoints: Map<string, EndpointRecord>;
  messages: Map<string, MessageRecord>;
  deliveries: Map<string, DeliveryRecord>;
  attempts: Map<string, AttemptRecord[]>;
  byIdempotencyKey: Map<string, string>;
  deliveryOfMessage: Map<string, string>;
}

/**
 * Retention in memory, bounded as in PostgreSQL: at most `batchSize × maxBatches` messages
 * per run, oldest first, with their deliveries and attempts; pending ones never.
 *
 * @example
 * pruneIn(state, { deliveredBefore, failedBefore, batchSize: 500, maxBatches: 200 });
 */
export function pruneIn(state: MemoryPruneState, options: StorePruneOptions): StorePruneResult {
  if (options.now !== undefined) dropExpiredSecrets(state.endpoints, options.now);
  const doomed = prunableMessagesIn(state, options).slice(
    0,
    options.batchSize * options.maxBatches,
  );
  const byMessage = new Map<string, DeliveryRecord[]>();
  for (const delivery of state.deliveries.values()) {
    const list = byMessage.get(delivery.messageId) ?? [];
    list.push(delivery);
    byMessage.set(delivery.messageId, list);
  }
  const result = { ran: true, batches: 0, messages: 0, deliveries: 0, attempts: 0 };
  // As the SQL loop counts them: it stops after a batch that was not full.
  result.batches = Math.min(options.maxBatches, Math.floor(doomed.length / options.batchSize) + 1);
  for (const message of doomed) {
    result.messages++;
    for (const delivery of byMessage.get(message.id) ?? []) {
      result.deliveries++;
      result.attempts += state.attempts.get(delivery.id)?.length ?? 0;
      state.attempts.delete(delivery.id);
      state.deliveries.delete(delivery.id);
    }
    state.messages.delete(message.id);
    state.deliveryOfMessage.delete(message.id);
    if (message.idempotencyKey !== null) {
      state.byIdempotencyKey.delete(idempotencySlot(message.tenant, message.idempotencyKey));
    }
  }
  return result;
}

function dropExpiredSecrets(endpoints: Map<string, EndpointRecord>, now: Date): void {
  for (const endpoint of endpoints.values()) {
    const expiry = endpoint.previousSecretsExpireAt;
    if (expiry == null || expiry.getTime() > now.getTime()) continue;
    endpoint.previousSecrets = [];
    endpoint.previousSecretsExpireAt = null;
  }
}
