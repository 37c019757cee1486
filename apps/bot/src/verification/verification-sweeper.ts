import type { Db } from '../database/database.js';
import { type Claim, leaseDueVerifications } from '../submissions/claim.repository.js';
import type { ClaimVerifier, Clock, VerificationOutcome } from './verify-claim.js';

export interface SweeperLogger {
  error(obj: object, msg: string): void;
}

export interface VerificationSweeperOptions {
  db: Db;
  verifier: ClaimVerifier;
  clock: Clock;
  logger?: SweeperLogger;
  /** Told about every check the sweeper made, e.g. to message the user. */
  onOutcome?: (outcome: VerificationOutcome) => Promise<void> | void;
  /** Pause between sweeps when nothing wakes it. */
  intervalMs?: number;
  /**
   * Checks in flight at once. Each check waits on a platform's oEmbed (seconds), so links sent
   * together are checked together rather than one after another.
   */
  concurrency?: number;
  /** How long a check is held before another sweeper may take it. */
  leaseMs?: number;
}

export interface VerificationSweeper {
  /** Checks every due link (including links that become due meanwhile); resolves with how many. */
  runOnce(): Promise<number>;
  /** A link was just submitted: sweep now instead of at the next interval (once started). */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
  readonly running: boolean;
}

/**
 * Checks submitted links in the background: new ones as soon as they arrive (`wake`), and the
 * ones left under review because their platform could not be asked, when they are due again.
 */
export function createVerificationSweeper(
  options: VerificationSweeperOptions,
): VerificationSweeper {
  const intervalMs = options.intervalMs ?? 30_000;
  const concurrency = Math.max(1, options.concurrency ?? 50);
  let started = false;
  /** Set by `stop()`: checks in flight finish, no new one starts. */
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;
  let wokenDuringSweep = false;

  async function check(claim: Claim): Promise<void> {
    try {
      const outcome = await options.verifier.verify(claim.id);
      await options.onOutcome?.(outcome);
    } catch (error) {
      options.logger?.error({ err: error, claimId: claim.id }, 'verification check failed');
    }
  }

  async function runOnce(): Promise<number> {
    const inFlight = new Set<Promise<void>>();
    let checked = 0;
    for (;;) {
      // Leases only what free slots can take, and leases again as each check ends: a link sent
      // while others wait on oEmbed starts as soon as a slot frees.
      const due =
        inFlight.size < concurrency && !stopping
          ? await leaseDueVerifications(options.db, {
              now: new Date(options.clock.now()),
              limit: concurrency - inFlight.size,
              leaseMs: options.leaseMs ?? 5 * 60_000,
            })
          : [];
      for (const claim of due) {
        const task: Promise<void> = check(claim).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      checked += due.length;
      if (inFlight.size === 0) return checked;
      await Promise.race(inFlight);
    }
  }

  function schedule(delayMs: number) {
    if (!started || current) return;
    clearTimeout(timer);
    timer = setTimeout(sweep, delayMs);
  }

  function sweep() {
    timer = undefined;
    wokenDuringSweep = false;
    current = runOnce()
      .catch((error: unknown) => options.logger?.error({ err: error }, 'verification sweep failed'))
      .finally(() => {
        current = undefined;
        schedule(wokenDuringSweep ? 0 : intervalMs);
      });
  }

  return {
    runOnce,
    wake() {
      if (current) wokenDuringSweep = true;
      else schedule(0);
    },
    start() {
      if (started) return;
      started = true;
      stopping = false;
      schedule(0);
    },
    async stop() {
      started = false;
      stopping = true;
      clearTimeout(timer);
      timer = undefined;
      await current;
    },
    get running() {
      return started;
    },
  };
}
