import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKyselyStore, type KyselyStore } from '../../src/kysely/index.js';
import type { DeliveryOutcome } from '../../src/store/delivery-store.js';
import { at, enqueueInput } from '../store-conformance/fixtures.js';
import { connect, truncateWebhookTables, usePostgres } from './support/postgres.js';

const postgres = usePostgres();

describe('settle on PostgreSQL', () => {
  const statements: string[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: a database of any shape
  let logged: Kysely<any>;
  let store: KyselyStore;
  beforeAll(() => {
    logged = connect(postgres.database.connectionString, {
      max: 2,
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    });
    store = createKyselyStore(logged);
  });
  afterAll(() => logged.destroy());
  beforeEach(() => truncateWebhookTables(postgres.db));

  async function claimedOutcomes(count: number, first: number): Promise<DeliveryOutcome[]> {
    for (let n = first; n < first + count; n++) {
      await store.enqueue(enqueueInput(n, { endpointId: `ep_${n % 3}` }));
    }
    const claimed = await store.claimDue({
      now: at(1e6),
      limit: count,
      workerId: 'w',
      leaseMs: 1e6,
    });
    return claimed.map(
      ({ delivery }, index): DeliveryOutcome => ({
        deliveryId: delivery.id,
        workerId: 'w',
        attempt: {
          deliveryId: delivery.id,
          attempt: 1,
          startedAt: at(2e6 + index),
          durationMs: 12.6,
          statusCode: index % 2 === 0 ? 200 : null,
          errorClass: index % 2 === 0 ? null : 'network',
          error: index % 2 === 0 ? null : 'ECONNRESET "quoted", {braced}, back\\slash',
          responseHeaders: index % 2 === 0 ? { 'x-note': 'a "b", {c}' } : {},
          responseExcerpt: index % 2 === 0 ? 'ok' : null,
        },
        ...(index % 2 === 0
          ? { status: 'delivered' }
          : { status: 'pending', nextAttemptAt: at(3e6), error: 'network' }),
      }),
    );
  }

  async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
    statements.length = 0;
    await run();
    return [...statements];
  }

  it('uses the same few statements for a batch of 1 and a batch of 50', async () => {
    const one = await claimedOutcomes(1, 1);
    const fifty = await claimedOutcomes(50, 100);

    const forOne = await statementsOf(() => store.settle(one));
    const forFifty = await statementsOf(() => store.settle(fifty));

    expect(forFifty).toEqual(forOne);
    expect(forFifty.length).toBeLessThanOrEqual(4);
    expect(await store.countPending()).toBe(25);
  });

  it('keeps text with quotes, commas and braces intact through the array parameters', async () => {
    const outcomes = await claimedOutcomes(2, 1);

    await store.settle(outcomes);

    const [success, failure] = outcomes;
    expect(await store.listAttempts(success!.deliveryId)).toEqual([
      { ...success!.attempt, durationMs: 13 },
    ]);
    expect(await store.listAttempts(failure!.deliveryId)).toEqual([
      { ...failure!.attempt, durationMs: 13 },
    ]);
  });

  it('stores a binary response body with NUL bytes instead of failing the whole batch', async () => {
    const [binary, other] = await claimedOutcomes(2, 1);
    const nul = {
      ...binary!,
      status: 'pending',
      nextAttemptAt: at(3e6),
      error: 'HTTP 500 \u0000',
      attempt: {
        ...binary!.attempt,
        statusCode: 500,
        errorClass: 'http_status',
        error: 'HTTP 500 \u0000',
        responseHeaders: { 'x-odd': 'a\u0000b' },
        responseExcerpt: '\u001f\u008b\u0000\u0000gzip',
      },
    } satisfies DeliveryOutcome;

    await store.settle([nul, other!]);

    expect(await store.listAttempts(nul.deliveryId)).toEqual([
      {
        ...nul.attempt,
        durationMs: 13,
        error: 'HTTP 500 \ufffd',
        responseHeaders: { 'x-odd': 'a\ufffdb' },
        responseExcerpt: '\u001f\u008b\ufffd\ufffdgzip',
      },
    ]);
    expect(await store.getDelivery(nul.deliveryId)).toMatchObject({
      status: 'pending',
      lastError: 'HTTP 500 \ufffd',
    });
    expect(await store.getDelivery(other!.deliveryId)).toMatchObject({ status: 'pending' });
  });

  it('skips outcomes for deliveries that no longer exist', async () => {
    const [outcome] = await claimedOutcomes(1, 1);
    const ghost = { ...outcome!, deliveryId: 'dlv_gone' };

    await store.settle([ghost, outcome!]);

    expect(await store.listAttempts('dlv_gone')).toEqual([]);
    expect(await store.getDelivery(outcome!.deliveryId)).toMatchObject({ status: 'delivered' });
  });
});
