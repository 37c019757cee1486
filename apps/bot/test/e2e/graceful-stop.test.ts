import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { getTestDatabase, type TestDatabase } from '@dramarelay/test-utils';
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/database/database.js';
import { killAppProcesses, startAppProcess } from '../support/app-process.js';

const MESSAGES = 300;
const IN_FLIGHT = 64;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A receiver that holds every answer until `release()`, counting arrivals by webhook-id. */
async function startSlowReceiver() {
  const ids: string[] = [];
  const held: ServerResponse[] = [];
  let holding = true;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      ids.push(String(request.headers['webhook-id']));
      if (holding) held.push(response);
      else response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    ids,
    release() {
      holding = false;
      for (const response of held.splice(0)) response.end('ok');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('SIGTERM to the app with 64 deliveries in flight', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await getTestDatabase();
    db = createDatabase({ connectionString: database.connectionString });
  });
  afterEach(() => killAppProcesses());
  afterAll(async () => {
    await db?.destroy();
    await database?.close();
  });

  const count = async (where: string) => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from webhook_deliveries
      where ${sql.raw(where)}`.execute(db);
    return Number(rows[0]!.n);
  };

  it('finishes them, hands back the rest, exits 0, and leaves nothing leased or lost', async () => {
    const receiver = await startSlowReceiver();
    try {
      const app = await startAppProcess({
        DATABASE_URL: database.connectionString,
        CALLBACK_ALLOW_HOSTS: '127.0.0.1',
      });
      const notifier = createNotifier({
        store: createKyselyStore(db),
        ssrf: { allow: ['127.0.0.1'] },
      });
      // Four endpoints: the default caps (16 per endpoint, 64 in all) fill up.
      for (let seq = 0; seq < MESSAGES; seq++) {
        const endpoint = { id: `slow-${seq % 4}`, url: receiver.url, secrets: SECRET };
        await notifier.enqueue({ endpoint, eventType: 'load.test', payload: { seq } });
      }
      while (receiver.ids.length < IN_FLIGHT) await sleep(20);

      app.child.kill('SIGTERM');
      await app.waitFor(/shutting down/);
      receiver.release();
      expect(await app.exited).toBe(0);

      expect(receiver.ids).toHaveLength(IN_FLIGHT);
      expect(await count(`status = 'delivered'`)).toBe(IN_FLIGHT);
      expect(await count('lease_expires_at is not null')).toBe(0);
      expect(await count(`status = 'pending'`)).toBe(MESSAGES - IN_FLIGHT);
    } finally {
      await receiver.close();
    }
  });
});
