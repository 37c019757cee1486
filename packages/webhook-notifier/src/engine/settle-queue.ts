/** Collects finished attempts and persists them in batches, one batch in flight at a time. */
export interface SettleQueue<T> {
  /** Queue one item; it is persisted with whatever else arrives meanwhile. */
  add(item: T): void;
  /** Persist everything queued so far; rejects if the store does. */
  flush(): Promise<void>;
  /** Drop items added from now on (after a stop that gave up waiting), and stop retrying. */
  close(): void;
  readonly size: number;
}

export interface SettleQueueOptions<T> {
  maxBatch: number;
  persist(batch: T[]): Promise<void>;
  /** A background flush failed; the items stay queued and are tried again after a backoff. */
  onError(error: unknown): void;
  /** Waits before each retry after a failure, the last one repeated. Default 100 ms doubling to 1 s. */
  retryDelaysMs?: readonly number[];
}

/**
 * After a store failure the queue tries again on its own, 100 ms doubling to 1 s: settles
 * resume as soon as the store answers (before the leases of what they hold expire), and a
 * store that stays down sees one call a second, not a tight loop.
 */
export const SETTLE_RETRY_DELAYS_MS: readonly number[] = Object.freeze([100, 200, 400, 800, 1_000]);

/**
 * Group commit: the first item starts a flush at once; items that arrive while it runs go
 * in the next one. Under load batches grow by themselves, with no timer. After a failure,
 * items wait for the retry backoff (or an explicit `flush()`) instead of hammering a broken
 * store with every new outcome.
 *
 * @example
 * const queue = createSettleQueue({ maxBatch: 100, persist: (b) => store.settle(b), onError });
 * queue.add(outcome);
 * await queue.flush();
 */
export function createSettleQueue<T>(options: SettleQueueOptions<T>): SettleQueue<T> {
  const delays = options.retryDelaysMs ?? SETTLE_RETRY_DELAYS_MS;
  const pending: T[] = [];
  let running: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let closed = false;

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.splice(0, options.maxBatch);
      try {
        await options.persist(batch);
        failures = 0;
      } catch (error) {
        pending.unshift(...batch);
        failures++;
        scheduleRetry();
        throw error;
      }
    }
  }

  function kick(): Promise<void> {
    running ??= drain().finally(() => {
      running = null;
    });
    return running;
  }

  function scheduleRetry(): void {
    if (closed || retryTimer !== undefined) return;
    const delay = delays[Math.min(failures, delays.length) - 1] ?? 0;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (pending.length > 0) kick().catch(options.onError);
    }, delay);
    // Pending outcomes alone do not keep the process alive; stop() flushes them.
    retryTimer.unref?.();
  }

  return {
    add(item) {
      if (closed) return;
      pending.push(item);
      // A flush in progress takes it too; after a failure the retry timer does. Either way
      // one failure is reported once, not once per outcome that arrived meanwhile.
      if (running === null && retryTimer === undefined) kick().catch(options.onError);
    },
    async flush() {
      // Wait out a flush in progress (its failure is reported by `add`), then retry or finish.
      await running?.catch(() => {});
      clearTimeout(retryTimer);
      retryTimer = undefined;
      if (pending.length > 0) await kick();
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
    },
    get size() {
      return pending.length;
    },
  };
}
