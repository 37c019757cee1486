import type { NotifierEventName, NotifierEvents, NotifierListener } from './events.js';
import { type Logger, silentLogger } from './logger.js';

const LOG_LEVEL: Readonly<Record<NotifierEventName, keyof Logger>> = {
  'attempt.started': 'debug',
  'attempt.finished': 'debug',
  delivered: 'info',
  'retry.scheduled': 'warn',
  failed: 'error',
  'ordering.skipped': 'warn',
  'endpoint.paused': 'warn',
  'endpoint.disabled': 'error',
  'retention.pruned': 'info',
  error: 'error',
};

export interface Emitter {
  on<K extends NotifierEventName>(event: K, listener: NotifierListener<K>): () => void;
  off<K extends NotifierEventName>(event: K, listener: NotifierListener<K>): void;
  emit<K extends NotifierEventName>(event: K, payload: NotifierEvents[K]): void;
  /** Whether anyone (a listener or the logger) would see `event`: if not, skip building it. */
  observed(event: NotifierEventName): boolean;
}

/**
 * Typed events that are also logged. A listener that throws is logged and ignored: an
 * observer must never break deliveries.
 *
 * @example
 * const events = createEmitter(logger);
 * events.on('delivered', (e) => console.log(e.deliveryId));
 */
export function createEmitter(logger: Logger): Emitter {
  const listeners = new Map<NotifierEventName, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener);
    },
    observed(event) {
      return logger !== silentLogger || (listeners.get(event)?.size ?? 0) > 0;
    },
    emit(event, payload) {
      if (logger !== silentLogger) log(logger, LOG_LEVEL[event], { event, ...payload }, event);
      const set = listeners.get(event);
      if (set === undefined) return;
      for (const listener of set) {
        try {
          (listener as NotifierListener<typeof event>)(payload);
        } catch (error) {
          log(
            logger,
            'error',
            { event: 'error', during: 'listener', listenerOf: event, error },
            'error',
          );
        }
      }
    },
  };
}

function log(logger: Logger, level: keyof Logger, obj: Record<string, unknown>, msg: string): void {
  try {
    logger[level](obj, msg);
  } catch {
    // A broken logger must not stop deliveries either.
  }
}
