/** One log method: pino's `(object, message)` calling convention. */
export type LogFn = (obj: Record<string, unknown>, msg?: string) => void;

/**
 * The logger the notifier writes to: pino, or anything with the same four methods. It gets
 * the same facts as the events, never a secret, a signature or a signed header value.
 *
 * @example
 * import pino from 'pino';
 * createNotifier({ store, logger: pino() });
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop: LogFn = () => {};

/** The default: says nothing. */
export const silentLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});
