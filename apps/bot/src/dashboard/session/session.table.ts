import type { ColumnType } from 'kysely';

/** A signed-in browser. The cookie carries the token; only its hash is stored. */
export interface DashboardSessionTable {
  /** Hex SHA-256 of the cookie's token. */
  token_hash: string;
  api_key_id: string;
  /** The synchronizer token every state-changing form of this session must carry. */
  csrf_token: string;
  created_at: ColumnType<Date, Date, never>;
  expires_at: Date;
}
