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
    /** When it was tracked, relative to the others: expiries run in this order. */
    readonly order: number,
    /** Its slot in the live array; -1 once cleared or expired. */
    public index: number,
  ) {}
}

/**
 * One unref'd interval for any number of deadlines, instead of a timer per request.
 * The live deadlines sit in one array in no particular order: tracking appends, clearing
 * moves the last entry into the gap, so neither allocates more than the entry itself (a
 * `Set` per timeout, added to and deleted from on every request, cost about as much as the
 * rest of the transport). A sweep scans them all, which is cheap since they are the
 * requests in flight, and expires those that passed in the order they were tracked.
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
  const live: Entry[] = [];
  let tracked = 0;
  let timer: NodeJS.Timeout | undefined;

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };

  const remove = (entry: Entry) => {
    const last = live.pop()!;
    if (last !== entry) {
      live[entry.index] = last;
      last.index = entry.index;
    }
    entry.index = -1;
  };

  const sweep = () => {
    const at = now();
    const passed = live.filter((entry) => entry.deadline <= at).sort((a, b) => a.order - b.order);
    for (const entry of passed) {
      // An earlier expiry may have cleared this one meanwhile.
      if (entry.index < 0) continue;
      remove(entry);
      entry.expired = true;
      entry.onExpire();
    }
    // Idle transports keep no timer alive; a busy one keeps this single interval.
    if (live.length === 0) stop();
  };

  return {
    track(timeoutMs, onExpire) {
      const entry = new Entry(now() + timeoutMs, onExpire, tracked++, live.length);
      live.push(entry);
      timer ??= setInterval(sweep, intervalMs).unref();
      return entry;
    },
    clear(deadline) {
      const entry = deadline as Entry;
      if (entry.index >= 0) remove(entry);
    },
    get size() {
      return live.length;
    },
    close() {
      stop();
      for (const entry of live) entry.index = -1;
      live.length = 0;
    },
  };
}
