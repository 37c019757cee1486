import { atIndex, batchMethod, checkBatch, firstOfEachKey } from '../engine/batch-input.js';
import { stampNow } from '../engine/enqueue.js';
import type { EngineConfig } from '../engine/options.js';
import { idempotencySlot } from '../store/memory-routing.js';
import { routingStore } from './routing-support.js';
import { type SendReceipt, type SendRequest, toSendInput } from './send.js';

/**
 * Builds `sendMany`: every request checked (and serialised) before anything is written, then
 * one store call. Receipts in request order; a tenant's key repeated in the batch gets the
 * first request's receipt, with `created: false`.
 *
 * @example
 * const sendMany = createSendMany(config);
 * await sendMany([{ tenant: 'acme', eventType: 'task.completed', payload }], tx);
 */
export function createSendMany<Tx>(config: EngineConfig<Tx>) {
  return async (requests: readonly SendRequest[], tx: Tx | undefined) => {
    const list = checkBatch<SendRequest>(requests, 'sendMany');
    if (list.length === 0) return [];
    const sendMany = batchMethod(routingStore(config.store), 'sendMany');
    const stamp = stampNow(config);
    const inputs = list.map((request, index) => {
      try {
        return toSendInput(config, request, stamp);
      } catch (error) {
        throw atIndex(error, index);
      }
    });
    const { unique, slots, repeat } = firstOfEachKey(inputs, ({ message }) =>
      message.idempotencyKey === null
        ? null
        : idempotencySlot(message.tenant, message.idempotencyKey),
    );
    const entries = tx === undefined ? await sendMany(unique) : await sendMany(unique, tx);
    return slots.map((slot, index): SendReceipt => {
      const { messageId, created, deliveries } = entries[slot]!;
      return {
        messageId,
        created: created && !repeat[index],
        deliveries: deliveries.map(({ id, endpointId }) => ({ deliveryId: id, endpointId })),
      };
    });
  };
}
