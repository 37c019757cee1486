/** Counts calls and lets a test await the next one, without timers. */
export interface Signal {
  readonly count: number;
  fire: () => void;
  /** Resolves once the signal has fired `count` times in all. */
  reached(count: number): Promise<void>;
}

export function createSignal(): Signal {
  let count = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    get count() {
      return count;
    },
    fire() {
      count += 1;
      for (const waiter of waiters.filter((w) => w.count <= count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    reached(target) {
      if (count >= target) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count: target, resolve }));
    },
  };
}
