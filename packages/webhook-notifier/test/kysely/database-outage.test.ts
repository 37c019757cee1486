import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTcpProxy, type TcpProxy, targetOf } from '@dramarelay/test-utils';
import type { Kysely } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier, NotifierError } from '../../src/index.js';
import { createKyselyStore } from '../../src/kysely/index.js';
import { connect, usePostgres } from './support/postgres.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import {
  assertPackageBuilt,
  killAllWorkers,
  startWorker,
  type WorkerProcess,
} from './support/worker-processes.js';

// The short version runs in `npm test`; scripts/reliability/database-outage.mjs runs the long
// one (10,000 messages, 20 s) through these variables and keeps the figures.
const MESSAGES = Number(process.env.RELIABILITY_MESSAGES ?? 1_000);
const OUTAGE_MS = Number(process.env.RELIABILITY_OUTAGE_MS ?? 3_000);
const FIGURES = process.env.RELIABILITY_FIGURES;

const postgres = usePostgres();
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('a database outage while deliveries flow and the application keeps enqueuing', () => {
  let proxy: TcpProxy;
  let receiver: Receiver;
  // biome-ignore lint/suspicious/noExplicitAny: the application's database, any shape
  let appDb: Kysely<any>;
  beforeAll(() => assertPackageBuilt());
  afterEach(async () => {
    await killAllWorkers();
    await appDb?.destroy();
    await receiver?.close();
    await proxy?.close();
  });

  const count = async (where: string) => {
    const { rows } = await postgres.db.executeQuery<{ n: string }>({
      sql: `select count(*) as n from webhook_deliveries where ${where}`,
      parameters: [],
      query: { kind: 'RawNode' } as never,
      queryId: { queryId: where },
    });
    return Number(rows[0]!.n);
  };

  it('loses nothing, repeats no more than was in flight at the cut, and never loops on errors', async () => {
    proxy = await startTcpProxy(targetOf(postgres.database.connectionString));
    const throughProxy = proxy.rewrite(postgres.database.connectionString);
    receiver = await startReceiver({ delayMs: 20 });
    // A lease a few seconds long: outcomes settled late would see their deliveries taken over.
    const options = { leaseMs: 4_000, timeoutMs: 2_000, pollIntervalMs: 3_000 };
    const workers: WorkerProcess[] = ['w1', 'w2'].map((id) =>
      startWorker(throughProxy, id, options),
    );
    await Promise.all(workers.map((worker) => worker.ready));

    appDb = connect(throughProxy, { max: 4 });
    const notifier = createNotifier({
      store: createKyselyStore(appDb),
      ssrf: { allow: ['127.0.0.1'] },
    });
    const endpoint = { id: 'receiver', url: receiver.url, secrets: SECRET };
    const ids: string[] = new Array(MESSAGES);
    const refusals: unknown[] = [];
    let next = 0;
    const enqueueOne = async () => {
      for (let seq = next++; seq < MESSAGES; seq = next++) {
        for (;;) {
          try {
            // A refusal may come after the commit (the answer was lost): the key makes the
            // retry find that message instead of storing a second one.
            const receipt = await notifier.enqueue({
              endpoint,
              eventType: 'load.test',
              payload: { seq },
              idempotencyKey: `seq-${seq}`,
            });
            ids[seq] = receipt.messageId;
            break;
          } catch (error) {
            if (!(error instanceof NotifierError && error.reason === 'store_unavailable')) {
              throw error;
            }
            refusals.push(error);
            await sleep(50);
          }
        }
      }
    };
    const enqueuing = Promise.all([enqueueOne(), enqueueOne(), enqueueOne(), enqueueOne()]);

    await receiver.distinct(Math.floor(MESSAGES / 4));
    // Everything leased now may be on the wire when the database goes: the most that may repeat.
    const leasedAtCut = await count(`lease_expires_at is not null and status = 'pending'`);
    const errorsBefore = workers.map((worker) => worker.errorEvents.length);
    proxy.cut();
    await sleep(OUTAGE_MS);
    const errorsDuring = workers.map((worker, n) => worker.errorEvents.length - errorsBefore[n]!);
    proxy.restore();

    // A worker that dies in the outage fails the test at once rather than at its timeout.
    const died = Promise.race(
      workers.map(async (worker) => {
        throw new Error(`worker ${worker.workerId} exited (${await worker.exited})`);
      }),
    );
    died.catch(() => {}); // it rejects at the normal stop too
    await Promise.race([Promise.all([enqueuing, receiver.distinct(MESSAGES)]), died]);
    while ((await count(`status <> 'delivered'`)) > 0) await sleep(100);

    for (const worker of workers) expect(worker.child.exitCode).toBeNull();
    const delivered = await Promise.all(workers.map((worker) => worker.stop()));
    const exitCodes = await Promise.all(workers.map((worker) => worker.exited));

    const repeated = [...receiver.countsById].filter(([, n]) => n > 1);
    const figures = {
      messages: MESSAGES,
      outageMs: OUTAGE_MS,
      leasedAtCut,
      duplicates: repeated.reduce((sum, [, n]) => sum + n - 1, 0),
      enqueueRefusals: refusals.length,
      workerErrorsDuringOutage: errorsDuring,
      connectionsRefused: proxy.refused,
      delivered,
    };
    if (FIGURES) writeFileSync(FIGURES, JSON.stringify(figures, null, 2));

    expect(exitCodes).toEqual([0, 0]);
    expect(refusals.length).toBeGreaterThan(0);
    // Every message arrived, and a repeat is always the same message under the same id.
    expect([...receiver.countsById.keys()].sort()).toEqual([...ids].sort());
    expect(receiver.received).toHaveLength(MESSAGES + figures.duplicates);
    expect(figures.duplicates).toBeLessThanOrEqual(leasedAtCut);
    const bodies = new Map<string, string>();
    for (const { webhookId, body } of receiver.received) {
      expect(bodies.get(webhookId) ?? body.toString('hex')).toBe(body.toString('hex'));
      bodies.set(webhookId, body.toString('hex'));
    }
    // Backoff, not a tight loop: a few error events a second per worker at most.
    const bound = 4 * Math.ceil(OUTAGE_MS / 1_000) + 10;
    for (const errors of errorsDuring) expect(errors).toBeLessThanOrEqual(bound);
    expect(await count(`lease_expires_at is not null`)).toBe(0);
  }, 300_000);
});
