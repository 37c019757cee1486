import type { Kysely } from 'kysely';
import type { AttemptRecord } from '../store/delivery-store.js';
import { toAttemptRecord } from './attempt.table.js';
import type { WebhookDatabase } from './webhook-database.js';

/** Every attempt of a delivery, oldest first. */
export async function listAttempts(
  db: Kysely<WebhookDatabase>,
  deliveryId: string,
): Promise<AttemptRecord[]> {
  const rows = await db
    .selectFrom('webhook_attempts')
    .select([
      'delivery_id',
      'attempt',
      'started_at',
      'duration_ms',
      'status_code',
      'error_class',
      'error',
      'response_headers',
      'response_excerpt',
    ])
    .where('delivery_id', '=', deliveryId)
    .orderBy('attempt')
    .orderBy('id')
    .execute();
  return rows.map(toAttemptRecord);
}
