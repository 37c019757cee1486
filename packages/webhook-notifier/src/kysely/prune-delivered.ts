import { type Kysely, sql } from 'kysely';
import { webhookTables } from './webhook-database.js';

export interface PruneDeliveredOptions {
  /** Messages created before this instant are candidates. */
  olderThan: Date;
  /** Messages deleted per statement (each its own short transaction). Default 1000. */
  batchSize?: number;
  /** The schema the tables were migrated into. */
  schema?: string;
}

/**
 * Retention: delete messages older than `olderThan` whose deliveries are all `delivered` or
 * `cancelled`, with their deliveries and attempts (by cascade). Pending and failed deliveries
 * are kept whatever their age. Works in batches so no statement holds many locks for long.
 * Returns the number of messages deleted.
 *
 * @example
 * // nightly: keep a week of delivery history
 * await pruneDelivered(db, { olderThan: new Date(Date.now() - 7 * 86_400_000) });
 */
export async function pruneDelivered(
  // biome-ignore lint/suspicious/noExplicitAny: any application database
  db: Kysely<any>,
  options: PruneDeliveredOptions,
): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new TypeError('@dramarelay/webhook-notifier: pruneDelivered batchSize must be > 0');
  }
  const t = webhookTables(options.schema);
  const executor = db.withoutPlugins();
  let total = 0;
  for (;;) {
    const result = await sql`
      with doomed as (
        select m.id
        from ${t.messages} m
        where m.created_at < ${options.olderThan}
          and not exists (
            select 1 from ${t.deliveries} d
            where d.message_id = m.id and d.status not in ('delivered', 'cancelled')
          )
        order by m.created_at
        limit ${batchSize}
        for update of m skip locked
      )
      delete from ${t.messages} m using doomed where m.id = doomed.id
    `.execute(executor);
    const deleted = Number(result.numAffectedRows ?? 0n);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
