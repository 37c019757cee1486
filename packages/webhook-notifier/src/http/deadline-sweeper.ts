/** A tracked deadline; pass it back to `clear` once the work finished in time. */
export interface Deadline {
  /** Set once the deadline passed and `onExpire` ran. */
  readonly expired: boolean;
}

export interface DeadlineSweeper {
  /** Calls `onExpire` once, at the first sweep after `timeoutMs` from now. */
  track(timeoutMs: number, onExpire: () => void): Deadline;
  /** Forgets a deadline; `onExpire` will not run. */
  clear(deadline: Deadline): void;
  /** How many deadlines are pending. */
  readonly size: number;
  /** Stops the sweeper; pending deadlines never expire. */
  close(): void;
}

export interface DeadlineSweeperOptions {
  /** How often to look for expired deadlines. Default 50 ms. */
  intervalMs?: number;
  /** A monotonic clock in milliseconds. Default `performance.now`. */
  now?: () => number;
}

class Entry implements Deadline {
  expired = false;
  constructor(
    readonly deadline: number,
    readonly onExpire: () => void,
    readonly bucket: Set<Entry>,
  ) {}
}

/**
 * One unref'd interval for any number of deadlines, instead of a timer per request.
 * Deadlines are bucketed by their timeout: within a bucket they expire in insertion order,
 * so a sweep only looks at the entries that did expire, plus one per bucket.
 *
 * @example
 * const sweeper = createDeadlineSweeper();
 * const controller = new AbortController();
 * const deadline = sweeper.track(5_000, () => controller.abort());
 * await work(controller.signal);
 * sweeper.clear(deadline);
 */
export function createDeadlineSweeper(options: DeadlineSweeperOptions = {}): DeadlineSweeper {
  const intervalMs = options.intervalMs ?? 50;
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<number, Set<Entry>>();
  let size = 0;
  let timer: NodeJS.Timeout | undefined;

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };

  const sweep = () => {
    const at = now();
    for (const [timeoutMs, bucket] of buckets) {
      for (const entry of bucket) {
        if (entry.deadline > at) break;
        bucket.delete(entry);
        size--;
        entry.expired = true;
        entry.onExpire();
      }
      if (bucket.size === 0) buckets.delete(timeoutMs);
    }
    // Idle transports keep no timer alive; a busy one keeps this single interval.
    if (size === 0) stop();
  };

  return {
    track(timeoutMs, onExpire) {
      let bucket = buckets.get(timeoutMs);
      if (bucket === undefined) {
        bucket = new Set();
        buckets.set(timeoutMs, bucket);
      }
      const entry = new Entry(now() + timeoutMs, onExpire, bucket);
      bucket.add(entry);
      size++;
      timer ??= setInterval(sweep, intervalMs).unref();
      return entry;
    },
    clear(deadline) {
      const entry = deadline as Entry;
      if (entry.bucket.delete(entry)) size--;
    },
    get size() {
      return size;
    },
    close() {
      stop();
      buckets.clear();
      size = 0;
    },
  };
}
