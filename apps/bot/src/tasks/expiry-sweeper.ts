import type { Db } from '../database/database.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import { taskExpiredEvent } from '../notifications/task-events.js';
import type { Clock } from '../verification/verify-claim.js';
import { lockUnannouncedExpiries, markExpiryAnnounced } from './task.repository.js';

export interface ExpirySweeperOptions {
  db: Db;
  webhooks: Pick<CompletionWebhooks, 'send'>;
  clock: Clock;
  logger?: { error(obj: object, msg: string): void };
  /** Pause between sweeps; an expiry is announced at most this long after it happened. */
  intervalMs?: number;
  /** Tasks announced per transaction. */
  batchSize?: number;
}

export interface ExpirySweeper {
  /** Announces every expiry due now; resolves with how many. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Tasks expire by the clock alone (nothing writes them then), so a sweep finds the ones that
 * passed `expires_at` and writes each one's `task.expired` in the transaction that marks it
 * announced: once per expiry, however many processes sweep.
 */
export function createExpirySweeper(options: ExpirySweeperOptions): ExpirySweeper {
  const intervalMs = options.intervalMs ?? 30_000;
  const batchSize = options.batchSize ?? 100;
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;

  async function runOnce(): Promise<number> {
    let announced = 0;
    for (;;) {
      const now = new Date(options.clock.now());
      const count = await options.db.transaction().execute(async (tx) => {
        const due = await lockUnannouncedExpiries(tx, now, batchSize);
        for (const task of due) {
          await options.webhooks.send(tx, {
            apiKeyId: task.api_key_id,
            event: taskExpiredEvent(task),
            idempotencyKey: `task.expired:${task.id}:${task.expires_at.getTime()}`,
          });
          await markExpiryAnnounced(tx, task);
        }
        return due.length;
      });
      announced += count;
      if (count < batchSize) return announced;
    }
  }

  function sweep() {
    current = runOnce()
      .catch((error: unknown) => options.logger?.error({ err: error }, 'expiry sweep failed'))
      .finally(() => {
        current = undefined;
        if (started) timer = setTimeout(sweep, intervalMs);
      });
  }

  return {
    runOnce,
    start() {
      if (started) return;
      started = true;
      sweep();
    },
    async stop() {
      started = false;
      clearTimeout(timer);
      await current;
    },
  };
}
