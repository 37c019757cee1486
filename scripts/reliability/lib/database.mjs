// PostgreSQL for the scenarios: the bench's server handling (DATABASE_URL's server, or an
// embedded one), a scratch database per run with the notifier's tables, and bulk loading.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from '../../../packages/bench/src/load.mjs';
import { openServer, query, scratchDatabase } from '../../../packages/bench/src/postgres.mjs';

export { migrate, openServer, query };

/** A fresh database with the notifier's tables; `drop()` removes it. */
export async function migratedDatabase(server, label) {
  const database = await scratchDatabase(server, label);
  await migrate(database.connectionString);
  return database;
}

/** A Kysely instance over a small pool whose stray connection errors are not fatal. */
export function connect(connectionString, max = 4) {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => {});
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Endpoints (`{ id, url }`, signed with one test secret) and `perEndpoint` pending messages
 * for each, written straight into the store's tables by one INSERT ... SELECT
 * generate_series, all due now and interleaved across the endpoints in claim order. The
 * endpoints listed in `first` get all their deliveries ahead of the others.
 */
export async function loadPending(connectionString, { endpoints, perEndpoint, first = [] }) {
  const started = performance.now();
  for (const endpoint of endpoints) {
    await query(
      connectionString,
      `insert into webhook_endpoints (id, url, scheme, secrets)
       values ($1, $2, 'standard-webhooks', array[$3])`,
      [endpoint.id, endpoint.url, SECRET],
    );
  }
  const ids = endpoints.map((endpoint) => endpoint.id);
  const firstIds = endpoints.filter((e) => first.includes(e.id)).map((e) => e.id);
  // Message g goes to endpoint ids[g % n]; a delivery's due time orders the claim, so the
  // endpoints in `first` are made due an hour earlier than everyone else.
  await query(
    connectionString,
    `with message as (
       insert into webhook_messages (id, event_type, body, idempotency_key, created_at)
       select 'msg_load' || lpad(g::text, 12, '0'), 'reliability.load',
         convert_to('{"event":"reliability.load","i":' || g || '}', 'UTF8'), null, now()
       from generate_series(0, $1::int - 1) g
       returning id
     ), numbered as (
       select id, substr(id, 9)::bigint as g from message
     )
     insert into webhook_deliveries (id, message_id, endpoint_id, status, attempts,
       attempt_base, next_attempt_at, created_at, updated_at)
     select 'dlv_load' || substr(id, 9), id, ($2::text[])[1 + g % $3],
       'pending', 0, 0,
       case when ($2::text[])[1 + g % $3] = any($4::text[])
         then now() - interval '2 hours' else now() - interval '1 hour' end
         + g * interval '1 microsecond',
       now(), now()
     from numbered`,
    [perEndpoint * ids.length, ids, ids.length, firstIds],
  );
  await query(connectionString, 'analyze');
  return { count: perEndpoint * ids.length, seconds: (performance.now() - started) / 1000 };
}

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
