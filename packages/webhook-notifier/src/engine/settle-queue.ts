/** Collects finished attempts and persists them in batches, one batch in flight at a time. */
export interface SettleQueue<T> {
  /** Queue one item; it is persisted with whatever else arrives meanwhile. */
  add(item: T): void;
  /** Persist everything queued so far; rejects if the store does. */
  flush(): Promise<void>;
  /** Drop items added from now on (after a stop that gave up waiting). */
  close(): void;
  readonly size: number;
}

export interface SettleQueueOptions<T> {
  maxBatch: number;
  persist(batch: T[]): Promise<void>;
  /** A background flush failed; the items stay queued until the next `flush()`. */
  onError(error: unknown): void;
}

/**
 * Group commit: the first item starts a flush at once; items that arrive while it runs go
 * in the next one. Under load batches grow by themselves, with no timer. After a failure,
 * items wait for an explicit `flush()` (the poll tick) instead of hammering a broken store.
 *
 * @example
 * const queue = createSettleQueue({ maxBatch: 100, persist: (b) => store.settle(b), onError });
 * queue.add(outcome);
 * await queue.flush();
 */
export function createSettleQueue<T>(options: SettleQueueOptions<T>): SettleQueue<T> {
  const pending: T[] = [];
  let running: Promise<void> | null = null;
  let blocked = false;
  let closed = false;

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.splice(0, options.maxBatch);
      try {
        await options.persist(batch);
      } catch (error) {
        pending.unshift(...batch);
        blocked = true;
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

  return {
    add(item) {
      if (closed) return;
      pending.push(item);
      if (!blocked) kick().catch(options.onError);
    },
    async flush() {
      // Wait out a flush in progress (its failure is reported by `add`), then retry or finish.
      await running?.catch(() => {});
      blocked = false;
      if (pending.length > 0) await kick();
    },
    close() {
      closed = true;
    },
    get size() {
      return pending.length;
    },
  };
}
