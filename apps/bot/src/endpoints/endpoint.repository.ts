import type { Selectable } from 'kysely';
import type { Db } from '../database/database.js';
import type { KeyEndpointTable, SigningScheme } from './endpoint.table.js';

export type KeyEndpoint = Selectable<KeyEndpointTable>;

export async function findKeyEndpoint(db: Db, apiKeyId: string): Promise<KeyEndpoint | undefined> {
  return db
    .selectFrom('key_endpoints')
    .selectAll()
    .where('api_key_id', '=', apiKeyId)
    .executeTakeFirst();
}

export async function upsertKeyEndpoint(
  db: Db,
  input: { apiKeyId: string; url: string; secret: string; scheme: SigningScheme; now: Date },
): Promise<KeyEndpoint> {
  return db
    .insertInto('key_endpoints')
    .values({
      api_key_id: input.apiKeyId,
      url: input.url,
      secret: input.secret,
      scheme: input.scheme,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) =>
      oc.column('api_key_id').doUpdateSet({
        url: input.url,
        secret: input.secret,
        scheme: input.scheme,
        updated_at: input.now,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteKeyEndpoint(db: Db, apiKeyId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('key_endpoints')
    .where('api_key_id', '=', apiKeyId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
