// Enqueuing as an application does: the public `enqueue`, on its own connection pool.
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { connect, SECRET } from './database.mjs';

/** A notifier that only enqueues (never started); `close()` ends its pool. */
export function createEnqueuer(connectionString, max = 4) {
  const db = connect(connectionString, max);
  const notifier = createNotifier({ store: createKyselyStore(db), ssrf: { allow: ['127.0.0.1'] } });
  return {
    /** Enqueues one message to `{ id, url }`; resolves with the message id. */
    async send(endpoint, payload, eventType = 'reliability.test') {
      const { messageId } = await notifier.enqueue({
        endpoint: { ...endpoint, secrets: SECRET },
        eventType,
        payload,
      });
      return messageId;
    },
    close: () => db.destroy(),
  };
}
