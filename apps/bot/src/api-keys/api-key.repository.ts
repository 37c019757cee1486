import type { Db } from '../database/database.js';
import { apiKeyIdOf, apiKeyMatches, generateApiKeySecret } from './api-key-secret.js';

export interface ApiKey {
  id: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** Made with `keys create --operator`: the dashboard shows it every tenant. */
  operator: boolean;
}

const COLUMNS = ['id', 'name', 'created_at', 'revoked_at', 'operator'] as const;

/** Creates a key and returns its plain form, which is not stored and cannot be shown again. */
export async function createApiKey(
  db: Db,
  name: string,
  now: Date,
  options: { operator?: boolean } = {},
): Promise<{ key: ApiKey; plainKey: string }> {
  const secret = generateApiKeySecret();
  const row = await db
    .insertInto('api_keys')
    .values({
      id: secret.id,
      name,
      key_hash: secret.keyHash,
      created_at: now,
      revoked_at: null,
      operator: options.operator ?? false,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { key: toApiKey(row), plainKey: secret.plainKey };
}

/** The active key matching `plainKey`, or `undefined`. */
export async function authenticateApiKey(db: Db, plainKey: string): Promise<ApiKey | undefined> {
  const id = apiKeyIdOf(plainKey);
  if (!id) return undefined;
  const row = await db
    .selectFrom('api_keys')
    .select([...COLUMNS, 'key_hash'])
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !apiKeyMatches(plainKey, row.key_hash)) return undefined;
  return toApiKey(row);
}

/** Revokes a key; `false` when no active key has this id. */
export async function revokeApiKey(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').select(COLUMNS).orderBy('created_at').execute();
  return rows.map(toApiKey);
}

export async function countActiveApiKeys(db: Db): Promise<number> {
  const { count } = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(count);
}

function toApiKey(row: {
  id: string;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
  operator: boolean;
}): ApiKey {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    operator: row.operator,
  };
}
