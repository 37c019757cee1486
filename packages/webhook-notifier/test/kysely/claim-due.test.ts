import { type CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKyselyStore } from '../../src/kysely/index.js';
import { at, delivered, enqueueInput } from '../store-conformance/fixtures.js';
import { connect, truncateWebhookTables, usePostgres } from './support/postgres.js';

const postgres = usePostgres();

/** Many due deliveries in one statement, as a long-running system accumulates them. */
async function seedDeliveries(count: number, status: string, endpointId = 'ep_a') {
  await sql`
    insert into webhook_messages (id, event_type, body, created_at)
    select 'msg_' || ${status} || lpad(n::text, 6, '0'), 'seeded', '\\x7b7d', ${at(0)}
    from generate_series(1, ${count}) n
  `.execute(postgres.db);
  await sql`
    insert into webhook_deliveries
      (id, message_id, endpoint_id, status, next_attempt_at, created_at, updated_at)
    select 'dlv_' || ${status} || lpad(n::text, 6, '0'), 'msg_' || ${status} || lpad(n::text, 6, '0'),
      ${endpointId}, ${status}, ${at(0)}::timestamptz + n * interval '1 millisecond', ${at(0)}, ${at(0)}
    from generate_series(1, ${count}) n
  `.execute(postgres.db);
}

describe('claimDue on PostgreSQL', () => {
  beforeEach(() => truncateWebhookTables(postgres.db));

  it('never hands one delivery to two workers claiming at the same time', async () => {
    const store = createKyselyStore(postgres.db);
    await store.enqueue(enqueueInput(1));
    await seedDeliveries(400, 'pending');

    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, worker) =>
        store.claimDue({ now: at(10_000), limit: 60, workerId: `w${worker}`, leaseMs: 60_000 }),
      ),
    );

    const ids = claims.flat().map((claimed) => claimed.delivery.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
    const owners = await postgres.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'lease_owner'])
      .where('lease_owner', 'is not', null)
      .execute();
    expect(owners).toHaveLength(ids.length);
  });

  it('claims the remainder once the other claims committed: all 401 exactly once', async () => {
    const store = createKyselyStore(postgres.db);
    await store.enqueue(enqueueInput(1));
    await seedDeliveries(400, 'pending');

    const seen = new Set<string>();
    let round = 0;
    while (seen.size < 401 && round < 100) {
      round += 1;
      const claims = await Promise.all(
        Array.from({ length: 4 }, (_, worker) =>
          store.claimDue({
            now: at(10_000),
            limit: 25,
            workerId: `w${worker}`,
            leaseMs: 60_000,
            perEndpointLimit: 10,
          }),
        ),
      );
      for (const claimed of claims.flat()) {
        expect(seen.has(claimed.delivery.id)).toBe(false);
        seen.add(claimed.delivery.id);
      }
    }
    expect(seen.size).toBe(401);
  });

  it('never leases two deliveries of one ordering key at once, with 8 workers claiming together', async () => {
    const store = createKyselyStore(postgres.db);
    const keyOf = new Map<string, string>();
    for (let n = 1; n <= 200; n++) {
      const input = enqueueInput(n, { orderingKey: `k${n % 20}`, now: at(0) });
      keyOf.set(input.deliveryId, `k${n % 20}`);
      await store.enqueue(input);
    }

    const claimedInOrder: string[] = [];
    for (let round = 1; claimedInOrder.length < 200 && round < 100; round++) {
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, worker) =>
          store.claimDue({
            now: at(round * 10),
            limit: 8,
            workerId: `w${worker}`,
            leaseMs: 60_000,
            ...(round % 2 ? { perEndpointLimit: 4 } : {}),
          }),
        ),
      );
      const leased = claims.flat();
      const keys = leased.map((claimed) => keyOf.get(claimed.delivery.id));
      expect(new Set(keys).size).toBe(keys.length);
      claimedInOrder.push(...leased.map((claimed) => claimed.delivery.id).sort());
      await store.settle(
        leased.map(({ delivery }) =>
          delivered(delivery.id, delivery.leaseOwner!, 1, at(round * 10)),
        ),
      );
    }

    expect(claimedInOrder).toHaveLength(200);
    for (let k = 0; k < 20; k++) {
      const ofKey = claimedInOrder.filter((id) => keyOf.get(id) === `k${k}`);
      expect(ofKey).toEqual([...ofKey].sort());
    }
  }, 60_000);

  it("sets a key's waiting deliveries aside, and the head's settle hands over to the next at once", async () => {
    const store = createKyselyStore(postgres.db);
    for (let n = 1; n <= 3; n++) {
      await store.enqueue(enqueueInput(n, { orderingKey: 'k1', now: at(0) }));
    }

    const first = await store.claimDue({ now: at(10), limit: 10, workerId: 'w', leaseMs: 60_000 });
    expect(first.map((claimed) => claimed.delivery.id)).toEqual(['dlv_0001']);
    for (const id of ['dlv_0002', 'dlv_0003']) {
      expect((await store.getDelivery(id))?.nextAttemptAt.getTime()).toBeGreaterThan(
        at(5_000).getTime(),
      );
    }

    await store.settle([delivered('dlv_0001', 'w', 1, at(20))]);
    expect((await store.getDelivery('dlv_0002'))?.nextAttemptAt).toEqual(at(20));
    const next = await store.claimDue({ now: at(30), limit: 10, workerId: 'w', leaseMs: 60_000 });
    expect(next.map((claimed) => claimed.delivery.id)).toEqual(['dlv_0002']);
  });

  it("spends a rate-limited endpoint's bucket once among 8 workers claiming together", async () => {
    const store = createKyselyStore(postgres.db);
    await store.enqueue(enqueueInput(1));
    await store.updateEndpoint('ep_a', { rateLimit: { perSecond: 20 } });
    await seedDeliveries(200, 'pending');

    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, worker) =>
        store.claimDue({ now: at(10_000), limit: 50, workerId: `w${worker}`, leaseMs: 60_000 }),
      ),
    );

    expect(claims.flat()).toHaveLength(10);
  });

  it('walks the partial due index, not the delivered history, with the plan it keeps', async () => {
    const queries: CompiledQuery[] = [];
    const logged = connect(postgres.database.connectionString, {
      max: 1,
      log: (event) => {
        if (event.level === 'query') queries.push(event.query);
      },
    });
    try {
      await logged
        .insertInto('webhook_endpoints')
        .values({ id: 'ep_a', url: 'https://a.example.com/', scheme: 'legacy', secrets: ['s'] })
        .execute();
      await seedDeliveries(20_000, 'delivered');
      await seedDeliveries(5, 'pending');
      await sql`analyze`.execute(logged);
      const store = createKyselyStore(logged);

      for (const perEndpointLimit of [undefined, 2]) {
        queries.length = 0;
        const claimed = await store.claimDue({
          now: at(10_000),
          limit: 4,
          workerId: 'w',
          leaseMs: 1000,
          ...(perEndpointLimit === undefined ? {} : { perEndpointLimit }),
        });
        expect(claimed).toHaveLength(perEndpointLimit ?? 4);
        await sql`update webhook_deliveries set lease_owner = null, lease_expires_at = null`.execute(
          logged,
        );
        // The statement runs inside the claim function: its plans, the custom ones of the
        // first calls and the generic one kept after them, as auto_explain reports them.
        const plans = await nestedPlans(postgres.database.connectionString, queries[0]!, 8);
        expect(plans).toHaveLength(8);
        for (const text of plans) {
          expect(text).toContain('webhook_deliveries_due_idx');
          expect(text).not.toMatch(/Seq Scan on webhook_deliveries/);
        }
      }
    } finally {
      await logged.destroy();
    }
  }, 60_000);
});

/**
 * Runs `query` `times` in one session (the leases it takes given back after each) and
 * returns the plan of each statement it ran inside a function, through auto_explain.
 */
async function nestedPlans(connectionString: string, query: CompiledQuery, times: number) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const plans: string[] = [];
  client.on('notice', (notice) => {
    if (notice.message?.includes('Query Text:') && notice.message.includes('for update of d'))
      plans.push(notice.message);
  });
  try {
    await client.query(`load 'auto_explain'`);
    await client.query(`set auto_explain.log_min_duration = 0`);
    await client.query(`set auto_explain.log_nested_statements = on`);
    await client.query(`set auto_explain.log_level = notice`);
    for (let i = 0; i < times; i++) {
      await client.query(query.sql, query.parameters as unknown[]);
      await client.query(`set auto_explain.log_min_duration = -1`);
      await client.query(
        'update webhook_deliveries set lease_owner = null, lease_expires_at = null',
      );
      await client.query(`set auto_explain.log_min_duration = 0`);
    }
    return plans;
  } finally {
    await client.end();
  }
}
