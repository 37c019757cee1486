/**
 * How enqueues wake listening workers:
 * - `'after-commit'` (default): no notification in the producer's transaction. Once the
 *   write has committed, the store's own pool sends one `NOTIFY`, coalesced: at once after a
 *   quiet spell, then at most one every `NOTIFY_GAP_MS` while commits keep coming (any number
 *   of them during one notification add one more after it). A write made inside the caller's
 *   transaction is watched from the pool until it is visible (committed), then notified; one
 *   rolled back never becomes visible and so never wakes anyone.
 * - `'at-commit'`: `NOTIFY` in the writing statement, sent by PostgreSQL at commit. Exact, but
 *   PostgreSQL commits notifying transactions one at a time (they hold a database-wide lock
 *   until their commit is flushed), which halves enqueue throughput under concurrency.
 * - `false`: no notifications; workers find new work by polling only.
 */
export type WakeMode = 'after-commit' | 'at-commit' | false;

export interface CommitWake {
  /** `NOTIFY` inside the writing statement (mode `'at-commit'`), else `null`. */
  readonly inStatementChannel: string | null;
  /** The rows were written by a statement that has committed: wake listeners. */
  committed(): void;
  /** A row was written in the caller's transaction: wake listeners once it is committed. */
  afterCommitOf(deliveryId: string): void;
}

/** Pauses between visibility probes of rows written in callers' transactions. */
const PROBE_DELAY_MS = { min: 2, max: 50 };
/**
 * The least time between two notifications while commits keep coming. The first commit after
 * a quiet spell is notified at once (an idle worker waits no longer); under load the workers
 * are busy claiming anyway, and each notification is a commit PostgreSQL flushes on its own.
 */
const NOTIFY_GAP_MS = 10;
/** A row not visible after this long is left to the workers' polling (a long transaction). */
const WATCH_MS = 10_000;

/** What the wake-up does with the database, on the store's own pool. */
export interface CommitWakeQueries {
  /** `NOTIFY` the workers' channel in a statement of its own. */
  notify(): Promise<void>;
  /** Which of these deliveries are visible (committed) now. */
  visible(deliveryIds: readonly string[]): Promise<string[]>;
}

export interface CommitWakeTimers {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realTimers: CommitWakeTimers = {
  now: () => performance.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      // Never keeps a process alive: a wake-up that does not happen is covered by polling.
      setTimeout(resolve, ms).unref?.();
    }),
};

/**
 * Wake-ups are best effort by design: a failed `NOTIFY` or probe is dropped, and the
 * workers' polling (`pollIntervalMs`) bounds the delay it causes.
 */
export function createCommitWake(
  queries: CommitWakeQueries,
  channel: string,
  mode: WakeMode,
  timers: CommitWakeTimers = realTimers,
): CommitWake {
  if (mode !== 'after-commit') {
    return {
      inStatementChannel: mode === 'at-commit' ? channel : null,
      committed: () => undefined,
      afterCommitOf: () => undefined,
    };
  }

  let notifying = false;
  let notifyAgain = false;
  async function notifyLoop() {
    notifying = true;
    try {
      do {
        notifyAgain = false;
        const sent = timers.now();
        await queries.notify().catch(() => undefined);
        if (!notifyAgain) break;
        const wait = sent + NOTIFY_GAP_MS - timers.now();
        if (wait > 0) await timers.sleep(wait);
      } while (notifyAgain);
    } finally {
      notifying = false;
    }
  }
  function committed() {
    if (notifying) notifyAgain = true;
    else void notifyLoop();
  }

  // Delivery id -> when the watch began.
  const watched = new Map<string, number>();
  let probing = false;
  let added = false;
  async function probeLoop() {
    probing = true;
    let delay = PROBE_DELAY_MS.min;
    try {
      while (watched.size > 0) {
        await timers.sleep(delay);
        added = false;
        const ids = [...watched.keys()];
        const visible = await queries.visible(ids).catch((): string[] => []);
        for (const id of visible) watched.delete(id);
        if (visible.length > 0) committed();
        const expired = timers.now() - WATCH_MS;
        for (const [id, since] of watched) if (since < expired) watched.delete(id);
        // Transactions usually commit right after their last statement: probe again soon
        // while new rows keep coming, less and less often while they do not.
        delay =
          added || visible.length > 0
            ? PROBE_DELAY_MS.min
            : Math.min(delay * 2, PROBE_DELAY_MS.max);
      }
    } finally {
      probing = false;
    }
  }
  function afterCommitOf(deliveryId: string) {
    watched.set(deliveryId, timers.now());
    added = true;
    if (!probing) void probeLoop();
  }

  return { inStatementChannel: null, committed, afterCommitOf };
}
