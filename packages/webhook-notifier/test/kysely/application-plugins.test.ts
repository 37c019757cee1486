import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselyStore } from '../../src/kysely/index.js';
import { at, enqueueInput } from '../store-conformance/fixtures.js';
import { connect, usePostgres } from './support/postgres.js';

const postgres = usePostgres();

describe("the application's Kysely plugins", () => {
  let camel: ReturnType<typeof connect>;
  beforeAll(() => {
    camel = connect(postgres.database.connectionString, { plugins: [new CamelCasePlugin()] });
  });
  afterAll(() => camel.destroy());

  it('are ignored by the store, in its own queries and inside the caller transaction', async () => {
    const store = createKyselyStore(camel);

    await camel.transaction().execute((tx) => store.enqueue(enqueueInput(1), tx));
    const [claimed] = await store.claimDue({ now: at(10), limit: 1, workerId: 'w', leaseMs: 1000 });

    expect(claimed?.delivery).toMatchObject({ id: 'dlv_0001', nextAttemptAt: at(1) });
    expect(await store.getDelivery('dlv_0001')).toMatchObject({ leaseOwner: 'w' });
  });
});

describe("the application's pg type parsers", () => {
  it('leave what a claim returns unchanged, with timestamptz left as text', async () => {
    const asText = new Set([pg.types.builtins.TIMESTAMPTZ]);
    const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
      asText.has(oid)
        ? (value: string) => value
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;
    const pool = new pg.Pool({
      connectionString: postgres.database.connectionString,
      max: 1,
      types: { getTypeParser },
    });
    pool.on('error', () => {});
    const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    try {
      const store = createKyselyStore(db);
      await store.enqueue(enqueueInput(2));
      const [claimed] = await store.claimDue({
        now: at(10),
        limit: 1,
        workerId: 'w',
        leaseMs: 1000,
      });

      expect(claimed?.delivery).toEqual(await store.getDelivery('dlv_0002'));
      expect(claimed?.delivery).toMatchObject({ nextAttemptAt: at(2), leaseExpiresAt: at(1010) });
      expect(claimed?.message).toMatchObject({
        createdAt: at(2),
        body: enqueueInput(2).message.body,
      });
    } finally {
      await db.destroy();
    }
  });
});
