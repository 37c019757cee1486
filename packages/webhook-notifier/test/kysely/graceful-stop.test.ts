import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/index.js';
import { createKyselyStore } from '../../src/kysely/index.js';
import { usePostgres } from './support/postgres.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { assertPackageBuilt, killAllWorkers, startWorker } from './support/worker-processes.js';

const postgres = usePostgres();
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MESSAGES = 300;
const IN_FLIGHT = 64;

describe('SIGTERM to a worker process with 64 attempts in flight', () => {
  let receiver: Receiver;
  beforeAll(() => assertPackageBuilt());
  afterEach(async () => {
    await killAllWorkers();
    await receiver?.close();
  });

  const countWhere = async (where: string) => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from webhook_deliveries
      where ${sql.raw(where)}`.execute(postgres.db);
    return Number(rows[0]!.n);
  };

  it('finishes what is on the wire, hands back the rest, exits 0, leaves nothing leased or lost', async () => {
    receiver = await startReceiver();
    const notifier = createNotifier({
      store: createKyselyStore(postgres.db),
      ssrf: { allow: ['127.0.0.1'] },
    });
    const endpoint = { id: 'slow', url: receiver.url, secrets: SECRET };
    for (let seq = 0; seq < MESSAGES; seq++) {
      await notifier.enqueue({ endpoint, eventType: 'load.test', payload: { seq } });
    }
    // A slow receiver: it holds every answer until the worker has been told to stop.
    receiver.hold(true);
    const options = { perEndpointConcurrency: IN_FLIGHT, timeoutMs: 10_000 };
    const worker = startWorker(postgres.database.connectionString, 'stopping', options);
    await worker.ready;
    await receiver.arrivals(IN_FLIGHT);
    const leasedAtStop = await countWhere('lease_expires_at is not null');

    const stopping = new Promise<void>((resolve) =>
      worker.child.on('message', (message: { type: string }) => {
        if (message.type === 'stopping') resolve();
      }),
    );
    worker.child.kill('SIGTERM');
    // The receiver answers once the worker has stopped claiming and starting new attempts.
    await stopping;
    // The stop waits for the attempts in flight; the receiver answers them meanwhile.
    receiver.hold(false);
    expect(await worker.exited).toBe(0);

    expect(leasedAtStop).toBeGreaterThanOrEqual(IN_FLIGHT);
    expect(receiver.received).toHaveLength(IN_FLIGHT);
    expect(await countWhere(`status = 'delivered'`)).toBe(IN_FLIGHT);
    expect(await countWhere('lease_expires_at is not null')).toBe(0);
    expect(await countWhere(`status = 'pending'`)).toBe(MESSAGES - IN_FLIGHT);

    // The next worker takes the rest: every message once, none twice.
    const successor = startWorker(postgres.database.connectionString, 'successor');
    await successor.ready;
    await receiver.distinct(MESSAGES);
    await successor.stop();
    expect(receiver.received).toHaveLength(MESSAGES);
    expect(await countWhere(`status = 'delivered'`)).toBe(MESSAGES);
    expect([...worker.errors, ...successor.errors]).toEqual([]);
  }, 120_000);
});
