import type { Db } from '../database/database.js';
import type { AppMetrics } from '../metrics/app-metrics.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import type { WebhookOperations } from '../notifications/webhook-operations.js';
import type { TaskRules } from '../tasks/create-tasks.js';

export interface ApiLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface HealthReport {
  ok: boolean;
  database: boolean;
  worker: boolean;
  backlog: number | null;
}

export interface ApiDeps {
  db: Db;
  webhooks: CompletionWebhooks;
  /** The key's endpoints and deliveries: health, log, replay, statistics, test events. */
  operations: WebhookOperations;
  now: () => Date;
  rules: TaskRules;
  generateSecret: () => string;
  logger: ApiLogger;
  health: () => Promise<HealthReport>;
  /** Largest request body accepted; larger ones get a 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /**
   * An oversized body up to this size is read and thrown away before the 413, keeping the
   * connection usable; a larger one gets the 413 and a closed connection. Default 16 MiB.
   */
  bodyDiscardBytes?: number;
  /** `GET /metrics` behind this bearer token, and request metrics; absent: no `/metrics` (404). */
  metrics?: { metrics: AppMetrics; token: string };
  /** Telegram's webhook route, mounted outside `/api` (it has its own secret token). */
  telegramWebhook?: { path: string; handler: (request: Request) => Promise<Response> };
}
