import { sql } from 'kysely';
import type { Db } from '../database/database.js';

/**
 * When an endpoint record was made and last changed: columns of the notifier's table that its
 * API does not return, read here only because `GET /api/endpoint` has always shown them.
 */
export async function endpointTimes(
  db: Db,
  id: string,
): Promise<{ created_at: Date; updated_at: Date } | undefined> {
  const { rows } = await sql<{ created_at: Date; updated_at: Date }>`
    select created_at, updated_at from webhook_endpoints where id = ${id}`.execute(db);
  return rows[0];
}
