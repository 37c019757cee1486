import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Counts completions and times the steady part of a run: from the `warmup`-th completion to
 * the last, so that process start, connection set-up and JIT warm-up weigh alike on every
 * row. `onWarm` and `onDone` fire at those two moments (to sample CPU time).
 */
export function createMeter({ total, warmup, onWarm = () => {}, onDone = () => {} }) {
  const startedAt = performance.now();
  let done = 0;
  let warmAt;
  let lastAt;
  let resolveDone;
  const finished = new Promise((resolve) => {
    resolveDone = resolve;
  });
  return {
    finished,
    get done() {
      return done;
    },
    complete(count = 1) {
      const before = done;
      done += count;
      const now = performance.now();
      if (before < warmup && done >= warmup) {
        warmAt = now;
        onWarm();
      }
      if (before < total && done >= total) {
        lastAt = now;
        onDone();
        resolveDone();
      }
    },
    /** The figures so far; `complete: false` when a time limit ended the run first. */
    summary() {
      const end = lastAt ?? performance.now();
      const from = warmAt ?? startedAt;
      const counted = Math.min(done, total) - (warmAt === undefined ? 0 : warmup);
      return {
        total,
        warmup,
        completed: Math.min(done, total),
        complete: lastAt !== undefined,
        seconds: (end - startedAt) / 1000,
        measured: counted,
        perSecond: counted / ((end - from) / 1000),
      };
    },
  };
}

/** Peak resident set size of this process: sampled, and the kernel's high-water mark. */
export function createRssSampler(intervalMs = 200) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs).unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { sampledPeakBytes: peak, vmHwmBytes: vmHwm() };
    },
  };
}

function vmHwm() {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return line ? Number(line[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system, all threads) this process has used so far, in ms. */
export function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Resolves `true` when the promise settles within `ms`, `false` otherwise. */
export function within(promise, ms) {
  let timer;
  return Promise.race([
    promise.then(() => true),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
