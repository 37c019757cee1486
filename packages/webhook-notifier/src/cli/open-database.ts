import type { Kysely } from 'kysely';
import { CliError, EXIT } from './cli-error.js';

// biome-ignore lint/suspicious/noExplicitAny: the notifier's tables in any application database
export type AnyKysely = Kysely<any>;

export interface OpenedDatabase {
  db: AnyKysely;
  /** Closes the pool this command opened; a database handed in stays open. */
  close(): Promise<void>;
}

/**
 * Connects to `connectionString` with `kysely` and `pg`, the optional peer dependencies,
 * loaded only now: without them the command says what to install instead of crashing.
 *
 * @example
 * const { db, close } = await openDatabase('postgres://localhost/app');
 */
export async function openDatabase(connectionString: string): Promise<OpenedDatabase> {
  if (!/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new CliError(
      'invalid_database_url',
      'the database URL must be a postgres:// connection string',
      EXIT.usage,
      'database-url',
    );
  }
  const [{ Kysely, PostgresDialect }, pg] = await loadDrivers();
  const pool = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not end the process with a stack trace.
  pool.on('error', () => {});
  const db: AnyKysely = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}

async function loadDrivers() {
  try {
    const [kysely, pg] = await Promise.all([import('kysely'), import('pg')]);
    return [kysely, pg.default ?? pg] as const;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliError(
        'missing_dependency',
        'this command needs the packages kysely and pg next to @dramarelay/webhook-notifier: npm install kysely pg',
        EXIT.database,
      );
    }
    throw error;
  }
}

/**
 * Where a connection string points, for messages: host, port and database, never the
 * user's password.
 *
 * @example
 * describeDatabase('postgres://u:secret@db:5432/app'); // 'db:5432/app'
 */
export function describeDatabase(connectionString: string | undefined): string {
  if (connectionString === undefined) return 'the database';
  try {
    const url = new URL(connectionString);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the database';
  }
}
