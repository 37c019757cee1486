import { idempotencySlot } from '../store/memory-routing.js';
import { atIndex, batchMethod, checkBatch, firstOfEachKey } from './batch-input.js';
import { type EnqueueReceipt, type EnqueueRequest, stampNow, toEnqueueInput } from './enqueue.js';
import type { EngineConfig } from './options.js';
import { createSecretCheck } from './secret-check.js';

/**
 * Builds `enqueueMany`: every request checked (and serialised) before anything is written,
 * then one store call. Receipts in request order; a key repeated in the batch gets the first
 * request's receipt, with `created: false`.
 *
 * @example
 * const enqueueMany = createEnqueueMany(config);
 * await enqueueMany([{ endpoint, eventType: 'task.completed', payload }], tx);
 */
export function createEnqueueMany<Tx>(config: EngineConfig<Tx>) {
  const checkSecrets = createSecretCheck();
  return async (requests: readonly EnqueueRequest[], tx: Tx | undefined) => {
    const list = checkBatch<EnqueueRequest>(requests, 'enqueueMany');
    if (list.length === 0) return [];
    const enqueueMany = batchMethod(config.store, 'enqueueMany');
    const stamp = stampNow(config);
    const inputs = [];
    for (const [index, request] of list.entries()) {
      try {
        inputs.push(await toEnqueueInput(config, checkSecrets, request, stamp));
      } catch (error) {
        throw atIndex(error, index);
      }
    }
    const { unique, slots, repeat } = firstOfEachKey(inputs, ({ message }) =>
      message.idempotencyKey === null ? null : idempotencySlot(null, message.idempotencyKey),
    );
    const entries = tx === undefined ? await enqueueMany(unique) : await enqueueMany(unique, tx);
    return slots.map((slot, index): EnqueueReceipt => {
      const { messageId, deliveryId, created } = entries[slot]!;
      return { messageId, deliveryId, created: created && !repeat[index] };
    });
  };
}
