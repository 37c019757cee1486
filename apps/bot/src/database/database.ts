import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { ApiKeyTable } from '../api-keys/api-key.table.js';
import type { DashboardSessionTable } from '../dashboard/session/session.table.js';
import type { RewardLedgerTable } from '../rewards/reward.table.js';
import type { ClaimTable } from '../submissions/claim.table.js';
import type { TaskTable } from '../tasks/task.table.js';
import type { TelegramUserTable } from '../users/user.table.js';

export interface AppTables {
  api_keys: ApiKeyTable;
  tasks: TaskTable;
  telegram_users: TelegramUserTable;
  claims: ClaimTable;
  reward_ledger: RewardLedgerTable;
  dashboard_sessions: DashboardSessionTable;
}

export type Db = Kysely<AppTables>;

const INT8_OID = 20;

/**
 * Telegram ids and `count(*)` are int8; they fit in a JS number (< 2^53), so they are parsed
 * as numbers for this pool only, not by patching `pg` globally.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface DatabaseOptions {
  connectionString: string;
  maxConnections?: number;
  /**
   * A connection failed (the server restarted or went away), idle in the pool or checked
   * out by a query; the pool replaces it, and a query in hand rejects on its own.
   */
  onConnectionError?: (error: Error) => void;
}

/** A Kysely instance over a `pg` pool. Call `db.destroy()` to close the pool. */
export function createDatabase(options: DatabaseOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types,
    // A server that is there but does not answer fails a request instead of hanging it.
    connectionTimeoutMillis: 5_000,
  });
  const report = (error: Error) => options.onConnectionError?.(error);
  // `pg` emits `error` on the pool for an idle client, and on the client itself while it is
  // checked out: without a listener on each, a database outage would crash the process.
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return new Kysely<AppTables>({ dialect: new PostgresDialect({ pool }) });
}
