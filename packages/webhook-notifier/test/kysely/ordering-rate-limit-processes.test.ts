import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '@dramarelay/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/admin/create-admin.js';
import { createNotifier } from '../../src/index.js';
import { createKyselyStore, type KyselyStore } from '../../src/kysely/index.js';
import { truncateWebhookTables, usePostgres } from './support/postgres.js';
import { type ReceivedWebhook, type Receiver, startReceiver } from './support/receiver.js';
import { assertPackageBuilt, killAllWorkers, startWorker } from './support/worker-processes.js';

const postgres = usePostgres();
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Sent {
  key?: string;
  seq: number;
}
const sentOf = (arrival: ReceivedWebhook) => JSON.parse(arrival.body.toString('utf8')) as Sent;

describe('ordering keys and rate limits across worker processes', () => {
  let receiver: Receiver | undefined;
  let store: KyselyStore;
  beforeAll(() => assertPackageBuilt());
  beforeEach(async () => {
    await truncateWebhookTables(postgres.db);
    store = createKyselyStore(postgres.db);
  });
  afterEach(async () => {
    await killAllWorkers();
    await receiver?.close();
  });

  const notifier = () => createNotifier({ store, ssrf: { allow: ['127.0.0.1'] } });
  const startWorkers = async (count: number, options: { retryMs?: number } = {}) => {
    const workers = Array.from({ length: count }, (_, n) =>
      startWorker(postgres.database.connectionString, `w${n + 1}`, options),
    );
    await Promise.all(workers.map((worker) => worker.ready));
    return workers;
  };

  it('delivers each key in enqueue order while receivers fail at random: 1,000 messages on 20 keys, 3 processes', async () => {
    const random = seededRandom(7);
    const answering = await startReceiver({ answer: () => (random() < 0.25 ? 500 : 200) });
    receiver = answering;
    const workers = await startWorkers(3, { retryMs: 20 });
    const keys = 20;
    const perKey = 50;
    const sender = notifier();
    const endpoint = { id: 'receiver', url: answering.url, secrets: SECRET };
    // One transaction at a time, so each key's enqueue order is the order of its `seq`.
    for (let first = 0; first < keys * perKey; first += 50) {
      await postgres.db.transaction().execute(async (tx) => {
        for (let n = first; n < first + 50; n++) {
          const key = `key-${n % keys}`;
          const payload = { key, seq: Math.floor(n / keys) };
          await sender.enqueue(
            { endpoint, eventType: 'ordered.test', payload, orderingKey: key },
            { tx },
          );
        }
      });
    }
    await answering.distinct(keys * perKey);
    while ((await store.countPending()) > 0) await sleep(50);
    const delivered = await Promise.all(workers.map((worker) => worker.stop()));

    expect(workers.flatMap((worker) => worker.errors)).toEqual([]);
    expect(delivered.filter((n) => n > 0).length).toBeGreaterThan(1);
    const failures = answering.received.filter((arrival) => arrival.status >= 500);
    expect(failures.length).toBeGreaterThan(100);
    const arrivalsByKey = new Map<string, number[]>();
    const successesByKey = new Map<string, number[]>();
    for (const arrival of answering.received) {
      const { key = '', seq } = sentOf(arrival);
      arrivalsByKey.set(key, [...(arrivalsByKey.get(key) ?? []), seq]);
      if (arrival.status < 300) successesByKey.set(key, [...(successesByKey.get(key) ?? []), seq]);
    }
    const inOrder = Array.from({ length: perKey }, (_, seq) => seq);
    for (let k = 0; k < keys; k++) {
      const key = `key-${k}`;
      // Retries repeat a message, but nothing of a key arrives before its predecessor got a 2xx.
      const arrivals = arrivalsByKey.get(key) ?? [];
      expect(
        arrivals.every((seq, i) => i === 0 || seq >= arrivals[i - 1]!),
        key,
      ).toBe(true);
      expect(successesByKey.get(key), key).toEqual(inOrder);
    }
  }, 180_000);

  it('holds a rate limit across two processes over a 10 s window, while another endpoint is not slowed', async () => {
    const answering = await startReceiver();
    receiver = answering;
    const perSecond = 20;
    const limited = { id: 'limited', url: `${answering.url}/limited`, secrets: SECRET };
    const other = { id: 'other', url: `${answering.url}/other`, secrets: SECRET };
    const sender = notifier();
    const send = async (endpoint: typeof limited, count: number) => {
      for (let seq = 0; seq < count; seq++) {
        await sender.enqueue({ endpoint, eventType: 'limited.test', payload: { seq } });
      }
    };
    // The limited backlog comes first: the other endpoint's messages are due after all of it.
    await send(limited, 1);
    await createAdmin({ store }).updateEndpoint('limited', { rateLimit: { perSecond } });
    await send(limited, 299);
    await send(other, 200);
    const workers = await startWorkers(2);

    const to = (path: string) => answering.received.filter((arrival) => arrival.path === path);
    await answering.distinct(200 + 1);
    while (to('/hook/other').length < 200) await sleep(50);
    const limitedWhenOtherDone = to('/hook/limited').length;
    const firstLimited = to('/hook/limited')[0]!.at;
    while (performance.now() < firstLimited + 10_500) await sleep(100);
    await Promise.all(workers.map((worker) => worker.stop()));

    expect(workers.flatMap((worker) => worker.errors)).toEqual([]);
    // Not slowed: all 200 went while the limited backlog (15 s at the limit) was still there.
    expect(limitedWhenOtherDone).toBeLessThan(300);
    const times = to('/hook/limited').map((arrival) => arrival.at);
    expect(times.length).toBeGreaterThan(perSecond);
    const busiestWindow = Math.max(
      ...times.map((start) => times.filter((t) => t >= start && t < start + 10_000).length),
    );
    expect(busiestWindow).toBeLessThanOrEqual(perSecond * 10 * 1.1);
  }, 120_000);
});
