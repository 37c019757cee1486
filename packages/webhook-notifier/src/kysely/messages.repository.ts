import type { Kysely } from 'kysely';
import type { MessageRecord } from '../store/delivery-store.js';
import { toMessageRecord } from './message.table.js';
import type { WebhookDatabase } from './webhook-database.js';

export async function getMessage(
  db: Kysely<WebhookDatabase>,
  id: string,
): Promise<MessageRecord | undefined> {
  const row = await db
    .selectFrom('webhook_messages')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toMessageRecord(row);
}
