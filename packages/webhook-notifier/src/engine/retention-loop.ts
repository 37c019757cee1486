import { prune } from '../admin/prune.js';
import type { DeliveryAdminStore } from '../store/admin-store.js';
import type { Emitter } from './emitter.js';
import type { Clock, ResolvedRetention } from './options.js';

/** The first run comes within this long of `start()`, spread at random across workers. */
const FIRST_RUN_WITHIN_MS = 60_000;

export interface RetentionLoop {
  start(): void;
  /** Cancels the next run and waits for one in progress (its batches are short). */
  stop(): Promise<void>;
}

export interface RetentionLoopOptions {
  store: Pick<DeliveryAdminStore, 'prune'>;
  clock: Clock;
  random: () => number;
  emitter: Emitter;
  retention: ResolvedRetention;
}

/**
 * Prunes on a schedule from a running worker. Every worker runs one; the store lets only
 * one of them work at a time (the others' runs return `ran: false` at once), so the
 * schedule needs no coordination. Failures are reported as `error` events (`during:
 * 'prune'`) and the next run tries again.
 *
 * @example
 * const loop = createRetentionLoop({ store, clock, random, emitter, retention });
 * loop.start();
 */
export function createRetentionLoop(options: RetentionLoopOptions): RetentionLoop {
  const { emitter, retention } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let current: Promise<void> | undefined;

  const run = async () => {
    try {
      emitter.emit('retention.pruned', await prune(options, retention));
    } catch (error) {
      emitter.emit('error', { during: 'prune', error });
    }
  };
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      current = run().finally(() => {
        current = undefined;
        if (running) schedule(retention.intervalMs);
      });
    }, delayMs);
    // A pending prune must not keep a process alive that is otherwise done.
    timer.unref?.();
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule(Math.floor(options.random() * Math.min(retention.intervalMs, FIRST_RUN_WITHIN_MS)));
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
