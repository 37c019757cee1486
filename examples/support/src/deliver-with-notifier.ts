import {
  type AttemptRecord,
  createNotifier,
  type DeliveryRecord,
  MemoryStore,
  type SigningScheme,
} from '@dramarelay/webhook-notifier';
import { taskCompletedSample } from './task-completed-sample.js';

export interface NotifierDelivery {
  /** The `webhook-id` the receiver saw. */
  messageId: string;
  delivery: DeliveryRecord;
  attempts: AttemptRecord[];
  /** The exact bytes the notifier signed and sent. */
  body: Uint8Array;
}

/**
 * Delivers one `task.completed` over real HTTP with the real notifier (undici transport,
 * `MemoryStore`, SSRF guard allowing only 127.0.0.1). With `times: 2` the same message is
 * delivered again with `redeliver`, as a retry after a lost response would be.
 *
 * @example
 * const { delivery, attempts } = await deliverTaskCompleted({ url, scheme: 'legacy', secret });
 */
export async function deliverTaskCompleted(options: {
  url: string;
  scheme: SigningScheme;
  secret: string;
  payload?: unknown;
  times?: 1 | 2;
}): Promise<NotifierDelivery> {
  const notifier = createNotifier({ store: new MemoryStore(), ssrf: { allow: ['127.0.0.1'] } });
  try {
    const { messageId, deliveryId } = await notifier.enqueue({
      endpoint: { url: options.url, secrets: [options.secret], scheme: options.scheme },
      eventType: 'task.completed',
      payload: options.payload ?? taskCompletedSample(),
    });
    // Each round attempts what is due; the receiver is already listening, so one round
    // delivers or records why it did not (a retry would only be due seconds later).
    await notifier.runOnce();
    if (options.times === 2) {
      await notifier.redeliver(deliveryId);
      await notifier.runOnce();
    }
    const message = await notifier.store.getMessage(messageId);
    return {
      messageId,
      delivery: (await notifier.store.getDelivery(deliveryId))!,
      attempts: await notifier.store.listAttempts(deliveryId),
      body: message!.body,
    };
  } finally {
    await notifier.stop();
  }
}
