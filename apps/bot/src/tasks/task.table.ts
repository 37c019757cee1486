import type { ColumnType, Generated } from 'kysely';
import type { SigningScheme } from '../endpoints/endpoint.table.js';

export type TaskStatus = 'active' | 'paused';

export interface TaskTable {
  id: Generated<number>;
  api_key_id: string;
  /** The caller's own id (`task_id` in the API and in the webhook). */
  external_id: string | null;
  title: string;
  description: string | null;
  video_url: string | null;
  thumbnail_url: string | null;
  duration: number | null;
  node_power_reward: number;
  keywords_template: string | null;
  hashtags: string | null;
  category: string | null;
  /** How many claims the task pays at most; `null`: no limit. */
  max_completions: number | null;
  project_id: string | null;
  source: string | null;
  callback_url: string | null;
  callback_secret: string | null;
  callback_scheme: SigningScheme | null;
  status: TaskStatus;
  expires_at: Date;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
  deleted_at: Date | null;
  /** The `expires_at` whose passing `task.expired` announced; another value arms the next. */
  expiry_announced_for: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
