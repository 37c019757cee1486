import { startTcpProxy, type TcpProxy, targetOf } from '@dramarelay/test-utils';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier, NotifierError } from '../../src/index.js';
import { createKyselyStore, isStoreUnavailable } from '../../src/kysely/index.js';
import { enqueueInput } from '../store-conformance/fixtures.js';
import { connect, usePostgres } from './support/postgres.js';

const postgres = usePostgres();
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('calls while the database is away', () => {
  let proxy: TcpProxy;
  // biome-ignore lint/suspicious/noExplicitAny: the application's database, any shape
  let db: Kysely<any>;
  beforeAll(async () => {
    proxy = await startTcpProxy(targetOf(postgres.database.connectionString));
    db = connect(proxy.rewrite(postgres.database.connectionString), { max: 2 });
  });
  afterAll(async () => {
    await db.destroy();
    await proxy.close();
  });
  const enqueueRequest = {
    endpoint: { url: 'https://hooks.example.com/x', secrets: SECRET },
    eventType: 'a.b',
    payload: {},
  };

  it('refuse with NotifierError store_unavailable and the driver error as cause, then work again', async () => {
    const notifier = createNotifier({ store: createKyselyStore(db) });
    await notifier.enqueue(enqueueRequest);
    proxy.cut();
    const refusals = await Promise.all([
      notifier.enqueue(enqueueRequest).catch((error: unknown) => error),
      notifier.admin.listDeliveries({}).catch((error: unknown) => error),
      notifier.redeliver('dlv_unknown').catch((error: unknown) => error),
    ]);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(NotifierError);
      expect(refusal).toMatchObject({ reason: 'store_unavailable' });
      expect((refusal as Error).cause).toBeInstanceOf(Error);
      expect(isStoreUnavailable(refusal)).toBe(true);
    }
    proxy.restore();
    await expect(notifier.enqueue(enqueueRequest)).resolves.toMatchObject({ created: true });
  });

  it('recognises a transaction cut off midway as an outage (isStoreUnavailable), and the process lives on', async () => {
    const notifier = createNotifier({ store: createKyselyStore(db) });
    const outcome = await db
      .transaction()
      .execute(async (tx) => {
        await notifier.enqueue(enqueueRequest, { tx });
        proxy.cut();
        await notifier.enqueue(enqueueRequest, { tx });
      })
      .catch((error: unknown) => error);
    proxy.restore();
    // The rollback of a dead connection fails too; either way the caller sees the outage.
    expect(isStoreUnavailable(outcome)).toBe(true);
    await expect(notifier.enqueue(enqueueRequest)).resolves.toMatchObject({ created: true });
  });

  it('keeps other errors as they are: a constraint violation is not an outage', async () => {
    const store = createKyselyStore(db);
    const input = enqueueInput(900);
    await store.enqueue(input);
    const duplicate = { ...input, message: { ...input.message, idempotencyKey: null } };
    const error = await store.enqueue(duplicate).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(NotifierError);
    expect(error).toMatchObject({ code: '23505' });
    expect(isStoreUnavailable(error)).toBe(false);
  });
});
