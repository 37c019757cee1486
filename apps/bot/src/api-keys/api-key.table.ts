import type { ColumnType, Generated } from 'kysely';

/** A caller of the HTTP API. Only a hash of the key is stored; the plain key is shown once. */
export interface ApiKeyTable {
  /** Public id, e.g. `k_3f9a2c7d1e0b`; part of the plain key and used to revoke it. */
  id: string;
  name: string;
  /** Hex SHA-256 of the whole plain key. */
  key_hash: string;
  created_at: ColumnType<Date, Date, never>;
  revoked_at: Date | null;
  /** An operator key's dashboard sees every tenant; its API routes stay its own. */
  operator: Generated<boolean>;
}
