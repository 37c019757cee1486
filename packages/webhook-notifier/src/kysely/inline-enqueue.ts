import type { Kysely } from 'kysely';
import type { EnqueueInput, EnqueueResult } from '../store/delivery-store.js';
import { type EndpointRule, enqueueDelivery, enqueuedResult } from './enqueue.js';
import { enqueueInTransaction } from './ensure-endpoint.js';
import { insertMessageAndDelivery } from './insert-only.js';
import type { KnownEndpoints } from './known-endpoints.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/**
 * `enqueue` of a message to an inline endpoint (given with the message, not a record), on
 * the store's own connection or in the caller's transaction. While the endpoint is known
 * current the two inserts are all there is to it; otherwise the endpoint is checked, and
 * written if new or changed, and known from then on.
 */
export function createInlineEnqueue(parts: {
  own: Kysely<WebhookDatabase>;
  t: WebhookTables;
  /** The channel to `NOTIFY` in the statement (wake mode `'at-commit'`), else `null`. */
  atCommit: string | null;
  knownEndpoints: KnownEndpoints;
}) {
  const { own, t, atCommit, knownEndpoints } = parts;

  /** Autocommit: the endpoint upserted in the same statement, unless known to be current. */
  async function enqueueOwn(input: EnqueueInput): Promise<EnqueueResult> {
    let rule: EndpointRule = knownEndpoints.isCurrent(input.endpoint) ? 'known' : 'upsert';
    const written = await enqueueDelivery(own, t, atCommit, input, rule).catch((error) => {
      // The endpoint row went after all (tables emptied by hand): write it again.
      if (rule !== 'known' || !isForeignKeyViolation(error)) throw error;
      knownEndpoints.forgetAll();
      rule = 'upsert';
      return enqueueDelivery(own, t, atCommit, input, rule);
    });
    if (!written.endpointReady) throw new Error('unreachable: upsert always writes the endpoint');
    // Checked (and written) now: trusted for the next `ENDPOINT_CHECK_MS`, not refreshed by use.
    if (rule === 'upsert') knownEndpoints.remember(input.endpoint);
    return { message: written.message, delivery: written.delivery, created: written.created };
  }

  /**
   * In the caller's transaction: with a known endpoint, the two inserts if the endpoint is
   * visible to the transaction (its snapshot may predate it, in repeatable read); otherwise,
   * or when that inserted nothing (also a taken key), the full way of `ensure-endpoint.ts`.
   */
  async function enqueueIn(tx: Kysely<WebhookDatabase>, input: EnqueueInput) {
    if (atCommit === null && knownEndpoints.isCurrent(input.endpoint)) {
      const inserted = await insertMessageAndDelivery(tx, t, input, { endpointVisible: true });
      if (inserted !== undefined) return enqueuedResult(input);
    }
    const written = await enqueueInTransaction(tx, own, t, atCommit, input);
    // Checked (and written if need be) now, as seen by the transaction.
    knownEndpoints.remember(input.endpoint);
    return written;
  }

  return { enqueueOwn, enqueueIn };
}

function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23503';
}
