import {
  createFakeClock,
  type FakeClock,
  getTestDatabase,
  type TestDatabase,
} from '@dramarelay/test-utils';
import type { HttpTransport } from '@dramarelay/webhook-notifier';
import pino, { type Logger } from 'pino';
import { createApiKey } from '../../src/api-keys/api-key.repository.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDatabase, type Db } from '../../src/database/database.js';
import { migrateAll } from '../../src/database/migrate.js';
import type { RecheckPolicy } from '../../src/verification/verify-claim.js';
import { fakeOembed } from './oembed.js';
import { type ApiCall, BOT_INFO, captureApiCalls, TEST_BOT_TOKEN } from './telegram.js';

export interface TestApp {
  app: App;
  db: Db;
  clock: FakeClock;
  oembed: ReturnType<typeof fakeOembed>;
  /** Bot API calls made so far (the bot never reaches Telegram). */
  calls: ApiCall[];
  /** A fresh API key; returns the headers that carry it. */
  newKey(name?: string): Promise<{ id: string; key: string; headers: Record<string, string> }>;
  /** `app.api.request` with a JSON body. */
  request(
    path: string,
    init?: { method?: string; headers?: Record<string, string>; json?: unknown; body?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  logger?: Logger;
  transport?: HttpTransport;
  recheck?: RecheckPolicy;
  withBot?: boolean;
  random?: () => number;
}

/**
 * The whole app composed in-process on a fresh PostgreSQL database: real API, real bot
 * (offline), real notifier and store; oEmbed and the clock are fakes the test drives.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database: TestDatabase = await getTestDatabase();
  const db = createDatabase({ connectionString: database.connectionString, maxConnections: 6 });
  await migrateAll(db);
  const clock = createFakeClock(Date.now());
  const oembed = fakeOembed({ status: 500 });
  const config = loadConfig({
    CALLBACK_ALLOW_HOSTS: '127.0.0.1',
    ...(options.withBot === false ? {} : { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN }),
    ...options.env,
  });
  const app = createApp({
    config,
    db,
    logger: options.logger ?? pino({ level: 'silent' }),
    clock,
    fetcher: oembed.fetcher,
    oembedPause: async () => {},
    botInfo: BOT_INFO,
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.recheck ? { recheck: options.recheck } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const calls = app.bot ? captureApiCalls(app.bot) : [];

  return {
    app,
    db,
    clock,
    oembed,
    calls,
    async newKey(name = 'test') {
      const { key, plainKey } = await createApiKey(db, name, new Date(clock.now()));
      return { id: key.id, key: plainKey, headers: { 'x-api-key': plainKey } };
    },
    async request(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers['content-type'] = 'application/json';
      }
      return app.api.request(path, {
        method: init.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        ...(body === undefined ? {} : { body }),
      });
    },
    async close() {
      await app.stop();
      await db.destroy();
      await database.close();
    },
  };
}
