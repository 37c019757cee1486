import { type Kysely, sql } from 'kysely';

/**
 * Rows by `generate_series`, as many as a realistic test needs in a second or two: `count`
 * messages one second apart from `start`, each with one delivery of the given status to
 * `ep_0`..`ep_9` (by number), and `attemptsEach` attempts of 10 ms times their number.
 */
export async function seedHistory(
  // biome-ignore lint/suspicious/noExplicitAny: the test database
  db: Kysely<any>,
  options: { count: number; status: 'failed' | 'delivered'; start: Date; attemptsEach?: number },
): Promise<void> {
  const { count, status, start } = options;
  await sql`
    insert into webhook_endpoints (id, url, scheme, secrets)
    select 'ep_' || i, 'https://ep' || i || '.example.com/hook', 'standard-webhooks',
      array['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']
    from generate_series(0, 9) i
    on conflict (id) do nothing`.execute(db);
  await sql`
    with numbered as (
      select i, 'msg_' || lpad(i::text, 8, '0') as message_id,
        ${start}::timestamptz + i * interval '1 second' as created_at
      from generate_series(1, ${count}::integer) i
    ),
    messages as (
      insert into webhook_messages (id, event_type, body, created_at)
      select message_id, 'task.completed', '\\x7b7d'::bytea, created_at from numbered
    )
    insert into webhook_deliveries (id, message_id, endpoint_id, status, attempts, attempt_base,
      next_attempt_at, created_at, updated_at)
    select 'dlv_' || lpad(i::text, 8, '0'), message_id, 'ep_' || (i % 10), ${status},
      ${options.attemptsEach ?? 1}::integer, 0, created_at, created_at, created_at
    from numbered`.execute(db);
  if (options.attemptsEach === undefined) return;
  await sql`
    insert into webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code,
      error_class)
    select d.id, k, d.created_at + k * interval '1 millisecond', 10 * k,
      case when k = 1 then 503 else 200 end, case when k = 1 then 'http_status' end
    from webhook_deliveries d, generate_series(1, ${options.attemptsEach}::integer) k`.execute(db);
}
