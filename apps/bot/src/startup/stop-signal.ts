export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface StopSignalOptions {
  /** `process` by default. */
  source?: SignalSource;
  /** Called when a stop is asked again after the first one: end now. */
  force: (signal: NodeJS.Signals) => void;
  now?: () => number;
}

/** Repeats closer than this are one stop delivered twice, not a second request. */
const SAME_STOP_MS = 1000;

/**
 * Resolves with the first SIGINT, SIGTERM or SIGHUP; listening starts at once, so a stop asked during
 * start-up is not lost (nor does it kill the process halfway, leaving its database running).
 * A terminal's Ctrl-C reaches every process of the group and `npm` forwards its own copy too,
 * so the same stop often arrives twice within milliseconds: only a signal more than a second
 * after the first (Ctrl-C pressed again) calls `force`.
 */
export function waitForStopSignal(options: StopSignalOptions): Promise<NodeJS.Signals> {
  const source = options.source ?? process;
  const now = options.now ?? Date.now;
  let first: number | undefined;
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (first === undefined) {
        first = now();
        resolve(signal);
      } else if (now() - first > SAME_STOP_MS) {
        options.force(signal);
      }
    };
    // SIGHUP too (the terminal closed): its default would end the app without stopping the
    // database, which runs in a process group of its own.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      source.on(signal, () => onSignal(signal));
    }
  });
}
