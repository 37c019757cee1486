import { type Kysely, sql } from 'kysely';
import { StartupError } from './startup-error.js';

/**
 * One query before the migrations, so that a database that cannot be reached is reported as
 * such: where (without the password), why, and what to change.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database will do for `select 1`
export async function checkDatabase(db: Kysely<any>, databaseUrl: string | undefined) {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (!databaseUrl) {
      throw new StartupError(
        `the embedded PostgreSQL does not answer: ${reason}`,
        'Stop any other copy of this app using the same DATA_DIR, or set DATABASE_URL to use a PostgreSQL server of your own.',
        { cause: error },
      );
    }
    throw new StartupError(
      `cannot use the database at DATABASE_URL (${where(databaseUrl)}): ${reason}`,
      'Check that PostgreSQL runs there and that DATABASE_URL (user, password, database) is right, or leave DATABASE_URL unset to use the embedded PostgreSQL.',
      { cause: error },
    );
  }
}

/** host:port/database, never the user or password. */
function where(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'an unparsable URL';
  }
}
