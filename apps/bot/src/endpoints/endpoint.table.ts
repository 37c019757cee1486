import type { ColumnType } from 'kysely';

export type SigningScheme = 'standard-webhooks' | 'legacy';

/** The default completion webhook of an API key, for tasks without their own callback_url. */
export interface KeyEndpointTable {
  api_key_id: string;
  url: string;
  /** Needed in clear to sign; never returned by the API after the response that set it. */
  secret: string;
  scheme: SigningScheme;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}
