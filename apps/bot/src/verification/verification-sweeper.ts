import type { Db } from '../database/database.js';
import { leaseDueVerifications } from '../submissions/claim.repository.js';
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
  intervalMs?: number;
  batchSize?: number;
  /** How long a check is held before another sweeper may take it. */
  leaseMs?: number;
}

export interface VerificationSweeper {
  /** Checks every due link once; resolves with how many were checked. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  readonly running: boolean;
}

/** Re-checks links left under review because their platform could not be asked at the time. */
export function createVerificationSweeper(
  options: VerificationSweeperOptions,
): VerificationSweeper {
  const intervalMs = options.intervalMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();

  async function runOnce(): Promise<number> {
    const due = await leaseDueVerifications(options.db, {
      now: new Date(options.clock.now()),
      limit: options.batchSize ?? 20,
      leaseMs: options.leaseMs ?? 5 * 60_000,
    });
    for (const claim of due) {
      try {
        const outcome = await options.verifier.verify(claim.id);
        await options.onOutcome?.(outcome);
      } catch (error) {
        options.logger?.error({ err: error, claimId: claim.id }, 'verification check failed');
      }
    }
    return due.length;
  }

  function tick() {
    current = runOnce()
      .catch((error: unknown) => options.logger?.error({ err: error }, 'verification sweep failed'))
      .finally(() => {
        if (timer) timer = setTimeout(tick, intervalMs);
      });
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
    },
    get running() {
      return timer !== undefined;
    },
  };
}
