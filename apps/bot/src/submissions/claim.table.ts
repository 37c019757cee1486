import type { ColumnType, Generated } from 'kysely';
import type { Platform } from './platform-link.js';

export type ClaimStatus = 'claimed' | 'pending_verification' | 'verified' | 'rejected';

export interface VerificationDetails {
  matched: boolean;
  match_rate: number;
  matched_keywords: string[];
}

/** One user's claim of one task (unique), carrying the link submitted for it. */
export interface ClaimTable {
  id: Generated<number>;
  task_id: number;
  user_id: number;
  status: ClaimStatus;
  platform: Platform | null;
  submission_link: string | null;
  /**
   * The submitted video's identity (`tiktok:<id>`, `youtube:<id>`, `instagram:<shortcode>`,
   * `tiktok-short:<code>`); unique among links under review or verified.
   */
  video_key: string | null;
  submitted_at: Date | null;
  verified_at: Date | null;
  verification_attempts: Generated<number>;
  /** When the sweeper should check a `pending_verification` link again. */
  next_verification_at: Date | null;
  last_verification_error: string | null;
  verification_details: ColumnType<VerificationDetails | null, string | null, string | null>;
  webhook_message_id: string | null;
  webhook_delivery_id: string | null;
  /** Why a verified claim has no webhook: `<reason>: <message>` from the delivery engine. */
  webhook_error: string | null;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}
