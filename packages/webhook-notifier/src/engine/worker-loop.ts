import type { DeliveryStore } from '../store/delivery-store.js';
import type { Dispatcher } from './dispatcher.js';

export interface WorkerLoop {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorkerLoopOptions {
  dispatcher: Pick<Dispatcher<unknown>, 'hint' | 'pump' | 'setAutoPump'>;
  store: Pick<DeliveryStore<unknown>, 'subscribe'>;
  pollIntervalMs: number;
}

/**
 * The running loop: new claims whenever capacity frees and work may exist (driven by the
 * dispatcher itself), a store wake-up (`subscribe`) when a message is enqueued, and one
 * poll timer for retries that come due. Settling after a store failure does not wait for
 * it: the settle queue retries on its own backoff.
 *
 * @example
 * const loop = createWorkerLoop({ dispatcher, store, pollIntervalMs: 1000 });
 * await loop.start();
 */
export function createWorkerLoop(options: WorkerLoopOptions): WorkerLoop {
  const { dispatcher, store } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  let running = false;

  const wake = () => {
    dispatcher.hint();
    void dispatcher.pump();
  };
  const tick = () => {
    timer = setTimeout(tick, options.pollIntervalMs);
    wake();
  };

  return {
    async start() {
      if (running) return;
      running = true;
      dispatcher.setAutoPump(true);
      const subscribed = await store.subscribe?.(wake);
      if (!running) return subscribed?.();
      unsubscribe = subscribed;
      tick();
    },
    async stop() {
      if (!running) return;
      running = false;
      clearTimeout(timer);
      dispatcher.setAutoPump(false);
      await unsubscribe?.();
    },
  };
}
