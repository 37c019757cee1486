import { type Kysely, sql } from 'kysely';
import type { StorePruneOptions, StorePruneResult } from '../store/admin-store.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/** PostgreSQL's code for a repeatable-read transaction that lost a race: try it again. */
const SERIALIZATION_FAILURE = '40001';
/** Races lost in a row before the run gives up until the next one. */
const MAX_RETRIES = 3;

interface Position {
  createdAt: Date;
  id: string;
}

/**
 * Retention under a session advisory lock, so that of many workers pruning on a schedule
 * one works and the others return at once (`ran: false`). Each batch is its own short
 * repeatable-read transaction deleting up to `batchSize` messages with their deliveries and
 * attempts: a delivery redelivered or replayed meanwhile makes the batch fail and be tried
 * again rather than be deleted. Pending rows are never touched, so claims never wait.
 */
export async function pruneFinished(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  lockName: string,
  options: StorePruneOptions,
): Promise<StorePruneResult> {
  return db.connection().execute(async (connection) => {
    const lock = sql`hashtext('dramarelay_webhook'), hashtext(${lockName})`;
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_lock(${lock}) as locked`.execute(connection);
    const result = { ran: false, batches: 0, messages: 0, deliveries: 0, attempts: 0 };
    if (rows[0]?.locked !== true) return result;
    result.ran = true;
    try {
      if (options.now !== undefined) await dropExpiredSecrets(connection, t, options.now);
      let after: Position | undefined;
      let retries = 0;
      while (result.batches < options.maxBatches) {
        const batch = await pruneBatch(connection, t, options, after);
        if (batch === 'retry') {
          if (++retries > MAX_RETRIES) break;
          continue;
        }
        retries = 0;
        result.batches++;
        result.messages += batch.messages;
        result.deliveries += batch.deliveries;
        result.attempts += batch.attempts;
        if (batch.last === undefined || batch.messages < options.batchSize) break;
        after = batch.last;
      }
    } finally {
      await sql`select pg_advisory_unlock(${lock})`.execute(connection);
    }
    return result;
  });
}

async function dropExpiredSecrets(db: Kysely<WebhookDatabase>, t: WebhookTables, now: Date) {
  await sql`
    update ${t.endpoints}
    set previous_secrets = '{}', previous_secrets_expire_at = null, updated_at = now()
    where previous_secrets_expire_at <= ${now}`.execute(db);
}

interface BatchRow {
  messages: number;
  deliveries: number;
  attempts: number;
  last_created_at: Date | null;
  last_id: string | null;
}

async function pruneBatch(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  options: StorePruneOptions,
  after: Position | undefined,
): Promise<'retry' | { messages: number; deliveries: number; attempts: number; last?: Position }> {
  const { deliveredBefore, failedBefore, batchSize } = options;
  const latest = new Date(Math.max(deliveredBefore.getTime(), failedBefore.getTime()));
  const position =
    after === undefined ? sql`true` : sql`(m.created_at, m.id) > (${after.createdAt}, ${after.id})`;
  try {
    const row = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const { rows } = await sql<BatchRow>`
          with doomed as (
            select m.id, m.created_at
            from ${t.messages} m
            where m.created_at < ${latest} and ${position}
              and not exists (
                select from ${t.deliveries} d
                where d.message_id = m.id and (
                  d.status = 'pending'
                  or (d.status = 'failed' and m.created_at >= ${failedBefore})
                  or (d.status <> 'failed' and m.created_at >= ${deliveredBefore})
                )
              )
            order by m.created_at, m.id
            limit ${batchSize}
            for update of m skip locked
          ),
          gone_attempts as (
            delete from ${t.attempts} a
            using ${t.deliveries} d, doomed
            where d.message_id = doomed.id and a.delivery_id = d.id
            returning 1
          ),
          gone_deliveries as (
            delete from ${t.deliveries} d using doomed where d.message_id = doomed.id
            returning 1
          ),
          gone_messages as (
            delete from ${t.messages} m using doomed where m.id = doomed.id
            returning m.id, m.created_at
          ),
          last as (
            select id, created_at from gone_messages order by created_at desc, id desc limit 1
          )
          select
            (select count(*)::integer from gone_messages) as messages,
            (select count(*)::integer from gone_deliveries) as deliveries,
            (select count(*)::integer from gone_attempts) as attempts,
            (select created_at from last) as last_created_at,
            (select id from last) as last_id
        `.execute(tx);
        return rows[0];
      });
    return {
      messages: row?.messages ?? 0,
      deliveries: row?.deliveries ?? 0,
      attempts: row?.attempts ?? 0,
      ...(row?.last_id == null || row.last_created_at === null
        ? {}
        : { last: { createdAt: row.last_created_at, id: row.last_id } }),
    };
  } catch (error) {
    if ((error as { code?: unknown }).code === SERIALIZATION_FAILURE) return 'retry';
    throw error;
  }
}
