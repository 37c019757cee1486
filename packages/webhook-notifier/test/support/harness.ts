import { generateSecret } from '@dramarelay/receiver-verify';
import { createFakeClock, type FakeClock, seededRandom } from '@dramarelay/test-utils';
import { createNotifier, type Notifier } from '../../src/engine/create-notifier.js';
import type { NotifierEventName, NotifierEvents } from '../../src/engine/events.js';
import type { NotifierOptions } from '../../src/engine/options.js';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createFakeTransport, type FakeTransport, type Responder } from './fake-transport.js';
import { createSpyLogger, type SpyLogger } from './spy-logger.js';

export const ENDPOINT_URL = 'https://hooks.example.com/dramarelay';

export interface Harness<S extends DeliveryStore<never> = MemoryStore> {
  notifier: Notifier;
  store: S;
  clock: FakeClock;
  transport: FakeTransport;
  logger: SpyLogger;
  secret: string;
  /** Every event emitted, in order. */
  events: { name: NotifierEventName; payload: unknown }[];
  eventsNamed<K extends NotifierEventName>(name: K): NotifierEvents[K][];
  enqueue(
    payload?: unknown,
    extra?: { idempotencyKey?: string; endpointId?: string; url?: string; orderingKey?: string },
  ): ReturnType<Notifier['enqueue']>;
}

type HarnessOptions = { responder?: Responder } & Partial<
  Omit<NotifierOptions, 'store' | 'transport'>
>;

const EVENT_NAMES: NotifierEventName[] = [
  'attempt.started',
  'attempt.finished',
  'delivered',
  'retry.scheduled',
  'failed',
  'ordering.skipped',
  'endpoint.paused',
  'endpoint.disabled',
  'retention.pruned',
  'error',
];

/** A notifier over a MemoryStore, a fake clock, seeded jitter and a fake transport. */
export function createHarness(options?: HarnessOptions): Harness;
/** The same over the given store. */
export function createHarness<S extends DeliveryStore<never>>(
  options: HarnessOptions & { store: S },
): Harness<S>;
export function createHarness(
  options: HarnessOptions & { store?: DeliveryStore<never> } = {},
): Harness<DeliveryStore<never>> {
  const { responder, store = new MemoryStore(), ...rest } = options;
  const clock = createFakeClock(Date.UTC(2026, 0, 1));
  const transport = createFakeTransport(responder);
  const logger = createSpyLogger();
  const secret = generateSecret();
  const notifier = createNotifier({
    store,
    transport,
    clock,
    random: seededRandom(42),
    logger,
    workerId: 'worker-1',
    ...rest,
  });
  const events: Harness['events'] = [];
  for (const name of EVENT_NAMES) notifier.on(name, (payload) => events.push({ name, payload }));
  return {
    notifier,
    store,
    clock,
    transport,
    logger,
    secret,
    events,
    eventsNamed: <K extends NotifierEventName>(name: K) =>
      events.filter((e) => e.name === name).map((e) => e.payload as NotifierEvents[K]),
    enqueue: (payload = { hello: 'world' }, extra = {}) =>
      notifier.enqueue({
        endpoint: { id: extra.endpointId, url: extra.url ?? ENDPOINT_URL, secrets: secret },
        eventType: 'task.completed',
        payload,
        idempotencyKey: extra.idempotencyKey,
        ...(extra.orderingKey === undefined ? {} : { orderingKey: extra.orderingKey }),
      }),
  };
}
