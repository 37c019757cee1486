import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey } from '../../api-keys/api-key.repository.js';
import type { Db } from '../../database/database.js';

export interface DashboardSession {
  apiKey: Pick<ApiKey, 'id' | 'name' | 'operator'>;
  csrfToken: string;
  expiresAt: Date;
}

/** What a cookie's token leads to: a live session, one past its expiry, or nothing. */
export type SessionLookup =
  | ({ state: 'active' } & DashboardSession)
  | { state: 'expired' }
  | { state: 'unknown' };

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Starts a session for a key; the returned token goes in the cookie and nowhere else. */
export async function createSession(
  db: Db,
  apiKeyId: string,
  now: Date,
  ttlMs: number,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs);
  // Sign-ins are rare: a good moment to forget sessions that ran out.
  await db.deleteFrom('dashboard_sessions').where('expires_at', '<=', now).execute();
  await db
    .insertInto('dashboard_sessions')
    .values({
      token_hash: hashToken(token),
      api_key_id: apiKeyId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The session of a cookie token; a revoked key's sessions are unknown at once. */
export async function findSession(db: Db, token: string, now: Date): Promise<SessionLookup> {
  if (!TOKEN.test(token)) return { state: 'unknown' };
  const row = await db
    .selectFrom('dashboard_sessions as s')
    .innerJoin('api_keys as k', 'k.id', 's.api_key_id')
    .select(['k.id', 'k.name', 'k.operator', 's.csrf_token', 's.expires_at'])
    .where('s.token_hash', '=', hashToken(token))
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return { state: 'unknown' };
  if (row.expires_at.getTime() <= now.getTime()) return { state: 'expired' };
  return {
    state: 'active',
    apiKey: { id: row.id, name: row.name, operator: row.operator },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/** Signs a session out; nothing happens for an unknown token. */
export async function deleteSession(db: Db, token: string): Promise<void> {
  if (!TOKEN.test(token)) return;
  await db.deleteFrom('dashboard_sessions').where('token_hash', '=', hashToken(token)).execute();
}
