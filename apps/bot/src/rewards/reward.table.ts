import type { ColumnType, Generated } from 'kysely';

/** Append-only node power ledger; `claim_id` is unique, so a claim pays at most once. */
export interface RewardLedgerTable {
  id: Generated<number>;
  user_id: number;
  claim_id: number;
  amount: number;
  created_at: ColumnType<Date, Date, never>;
}
