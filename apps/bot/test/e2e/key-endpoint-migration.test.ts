import { createFakeClock, getTestDatabase, type TestDatabase } from '@dramarelay/test-utils';
import { migrateWebhookTables } from '@dramarelay/webhook-notifier/kysely';
import { Migrator, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDatabase, type Db } from '../../src/database/database.js';
import { migrateAppTables } from '../../src/database/migrate.js';
import { initial } from '../../src/database/migrations/0001-initial.js';
import { claimsVideoKey } from '../../src/database/migrations/0002-claims-video-key.js';
import { claimsWebhookError } from '../../src/database/migrations/0003-claims-webhook-error.js';
import { tasksMaxCompletions } from '../../src/database/migrations/0004-tasks-max-completions.js';
import { seedApiKey, taskRow } from '../support/seed.js';

// The migration compares with the database's clock: the fake one starts at the real time.
const NOW = Date.now();
let database: TestDatabase;
let db: Db;
let app: App;
const clock = createFakeClock(NOW);
const keys: Record<'a' | 'b', { id: string; headers: Record<string, string> }> = {} as never;
const before: { deliveryA?: string; deliveryB?: string; expired?: number; live?: number } = {};

beforeAll(async () => {
  database = await getTestDatabase();
  db = createDatabase({ connectionString: database.connectionString, maxConnections: 4 });
  // A database as the release before routing left it: the notifier's tables, the app's 0001-0004.
  await migrateWebhookTables(db);
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () => ({
        '0001-initial': initial,
        '0002-claims-video-key': claimsVideoKey,
        '0003-claims-webhook-error': claimsWebhookError,
        '0004-tasks-max-completions': tasksMaxCompletions,
      }),
    },
    migrationTableName: 'app_migrations',
    migrationLockTableName: 'app_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;

  for (const name of ['a', 'b'] as const) {
    const { id, plainKey } = await seedApiKey(db, name, NOW);
    keys[name] = { id, headers: { 'x-api-key': plainKey } };
  }
  // A set its default endpoint (legacy scheme); B set one, used it, then deleted it.
  await sql`insert into key_endpoints (api_key_id, url, secret, scheme, created_at, updated_at)
    values (${keys.a.id}, 'https://a.example.com/hooks', 'x2c_secret_of_a', 'legacy',
      ${new Date(NOW - 86_400_000)}, ${new Date(NOW - 3_600_000)})`.execute(db);
  const old = createApp({
    config: loadConfig({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' }),
    db,
    logger: pino({ level: 'silent' }),
    clock,
  });
  for (const [name, url] of [
    ['a', 'https://a.example.com/hooks'],
    ['b', 'https://b.example.com/gone'],
  ] as const) {
    const receipt = await old.notifier.enqueue({
      endpoint: {
        id: `apikey_${keys[name].id}`,
        url,
        secrets: ['x2c_secret_of_a'],
        scheme: 'legacy',
      },
      eventType: 'task.completed',
      payload: { event: 'task.completed' },
      idempotencyKey: `before:${name}`,
    });
    before[name === 'a' ? 'deliveryA' : 'deliveryB'] = receipt.deliveryId;
  }
  const tasks = await db
    .insertInto('tasks')
    .values([
      taskRow(keys.a.id, NOW, { expires_at: new Date(NOW - 60_000), title: 'Expired before' }),
      taskRow(keys.a.id, NOW, { expires_at: new Date(NOW + 60_000), title: 'Expires after' }),
    ])
    .returning('id')
    .execute();
  before.expired = tasks[0]!.id;
  before.live = tasks[1]!.id;

  await migrateAppTables(db);
  app = createApp({
    config: loadConfig({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' }),
    db,
    logger: pino({ level: 'silent' }),
    clock,
  });
}, 60_000);
afterAll(async () => {
  await app.stop();
  await db.destroy();
  await database.close();
});

const get = async (path: string, key: 'a' | 'b') => {
  const response = await app.api.request(path, { headers: keys[key].headers });
  return { status: response.status, body: await response.json() };
};

describe('migration 0005: default endpoints become endpoint records', () => {
  it('keeps the default endpoint where it was, with its id, secret, scheme and deliveries', async () => {
    const fallback = await get('/api/endpoint', 'a');
    expect(fallback.status).toBe(200);
    expect(fallback.body.endpoint).toMatchObject({
      id: `apikey_${keys.a.id}`,
      url: 'https://a.example.com/hooks',
      scheme: 'legacy',
      event_types: ['task.completed'],
    });
    const endpoint = await get(`/api/endpoints/apikey_${keys.a.id}`, 'a');
    expect(endpoint.body.endpoint).toMatchObject({
      default: true,
      event_types: ['task.completed'],
    });
    const log = await get('/api/deliveries', 'a');
    expect(log.body.deliveries.map((d: { id: string }) => d.id)).toEqual([before.deliveryA]);
    const record = await app.notifier.store.getEndpoint(`apikey_${keys.a.id}`);
    expect(record?.secrets).toEqual(['x2c_secret_of_a']);
  });

  it("leaves a default endpoint deleted before as deleted, its deliveries still its key's", async () => {
    expect((await get('/api/endpoint', 'b')).status).toBe(404);
    const log = await get('/api/deliveries', 'b');
    expect(log.body.deliveries.map((d: { id: string }) => d.id)).toEqual([before.deliveryB]);
    expect((await get('/api/deliveries', 'a')).body.deliveries).toHaveLength(1);
  });

  it('sends the default endpoint no new event type, and announces no expiry that happened before', async () => {
    const created = await app.api.request('/api/tasks', {
      method: 'POST',
      headers: { ...keys.a.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'After the upgrade' }),
    });
    expect(created.status).toBe(201);
    expect(await app.expirySweeper.runOnce()).toBe(0);
    expect((await get('/api/deliveries', 'a')).body.deliveries).toHaveLength(1);

    clock.advance(120_000);
    expect(await app.expirySweeper.runOnce()).toBe(1);
    const [expired] = await db
      .selectFrom('tasks')
      .select('id')
      .where('expiry_announced_for', 'is not', null)
      .where('id', '!=', before.expired!)
      .execute();
    expect(expired?.id).toBe(before.live);
  });
});
