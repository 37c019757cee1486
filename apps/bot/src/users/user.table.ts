import type { ColumnType, Generated } from 'kysely';
import type { Locale } from '../i18n/locales.js';

export interface TelegramUserTable {
  /** Telegram user id. */
  id: number;
  username: string | null;
  first_name: string | null;
  /** `null` until the user picks one. */
  language: Locale | null;
  /** Telegram id of the user whose `invite_<id>` link brought this one; set once. */
  invited_by: number | null;
  /** Balance; moves only together with a `reward_ledger` row. */
  node_power: Generated<number>;
  /** The claim the next link the user sends is for. */
  awaiting_link_claim_id: number | null;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}
