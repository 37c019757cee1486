import { getTestDatabase, type TestDatabase } from '@dramarelay/test-utils';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDatabase, type Db } from '../../src/database/database.js';
import { migrateAll } from '../../src/database/migrate.js';
import { type BotApiRequest, startFakeBotApi } from '../support/fake-bot-api.js';
import { startSlowOembed } from '../support/fake-oembed-server.js';
import { seedTask } from '../support/seed.js';
import { BOT_INFO, TEST_BOT_TOKEN, telegramUser, textUpdate } from '../support/telegram.js';

const USERS = 200;
const FIRST_USER = 50_000;
const TITLE = '短剧《霸道总裁爱上我》';
const CHECKING = `Got it: checking your TikTok link for "${TITLE}" now. You will get the result here.`;
const VERIFIED = `Verified! You earned 10 node power for "${TITLE}".`;

let database: TestDatabase;
let db: Db;
let app: App;
let botApi: Awaited<ReturnType<typeof startFakeBotApi>>;
let oembed: Awaited<ReturnType<typeof startSlowOembed>>;
/** Warnings and errors the app logged. */
const problems: string[] = [];

beforeAll(async () => {
  database = await getTestDatabase();
  db = createDatabase({ connectionString: database.connectionString, maxConnections: 10 });
  await migrateAll(db);
  botApi = await startFakeBotApi({ token: TEST_BOT_TOKEN, botInfo: BOT_INFO });
  oembed = await startSlowOembed({ title: '霸道总裁爱上我 EP1', delayMs: 2000 });
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: botApi.apiRoot,
    OEMBED_TIKTOK_URL: oembed.url,
  });
  // Real fetch, real Bot API client, real runner: only the two servers are fakes.
  const logger = pino({ level: 'warn' }, { write: (line: string) => void problems.push(line) });
  app = createApp({ config, db, logger, oembedTimeoutMs: 120_000 });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await botApi?.close();
  await oembed?.close();
  await db?.destroy();
  await database?.close();
}, 60_000);

/** 200 users, each with one claim of the task, waiting to send their link. */
async function seedClaims(taskId: number) {
  const now = new Date();
  const ids = Array.from({ length: USERS }, (_, i) => FIRST_USER + i);
  await db
    .insertInto('telegram_users')
    .values(
      ids.map((id) => ({
        id,
        username: `user${id}`,
        first_name: `User${id}`,
        language: 'en' as const,
        invited_by: null,
        awaiting_link_claim_id: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('claims')
    .values(
      ids.map((id) => ({
        task_id: taskId,
        user_id: id,
        status: 'claimed' as const,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  return ids;
}

const sentTo = (requests: readonly BotApiRequest[], chatId: number) =>
  requests.filter((r) => r.method === 'sendMessage' && Number(r.payload.chat_id) === chatId);

describe('the bot under load, against a Bot API server and a slow oEmbed', () => {
  it('answers 200 users sending links at once before any check ends, then pays each exactly once', async () => {
    const task = await seedTask(db, Date.now(), { title: TITLE, node_power_reward: 10 });
    const ids = await seedClaims(task.id);
    await app.start();
    expect(botApi.requests.map((r) => r.method)).toContain('getMe');

    botApi.push(
      ...ids.map((id, i) =>
        textUpdate(telegramUser(id), `https://www.tiktok.com/@fan/video/${7_400_000_000 + i}`),
      ),
    );

    // oEmbed holds every request until released: the first answers cannot wait on a check.
    await vi.waitFor(
      () => expect(ids.filter((id) => sentTo(botApi.requests, id).length)).toEqual(ids),
      {
        timeout: 90_000,
        interval: 50,
      },
    );
    expect(oembed.answered).toBe(0);
    for (const id of ids) expect(botApi.textsTo(id)).toEqual([CHECKING]);
    // Checks were already running (oEmbed asked) while users were being answered.
    expect(oembed.requested.length).toBeGreaterThan(0);

    oembed.release();
    await vi.waitFor(
      () => {
        const waiting = ids.filter((id) => botApi.textsTo(id).length !== 2);
        const detail = waiting.slice(0, 3).map((id) => ({ id, texts: botApi.textsTo(id) }));
        expect(waiting, JSON.stringify({ detail, problems: problems.slice(0, 3) })).toEqual([]);
      },
      { timeout: 150_000, interval: 100 },
    );
    for (const id of ids) expect(botApi.textsTo(id)).toEqual([CHECKING, VERIFIED]);

    const claims = await db.selectFrom('claims').select('status').execute();
    expect(claims.filter((c) => c.status === 'verified')).toHaveLength(USERS);
    const ledger = await db.selectFrom('reward_ledger').select(['user_id', 'amount']).execute();
    expect(ledger.map((r) => r.user_id).sort()).toEqual(ids);
    expect(new Set(ledger.map((r) => r.amount))).toEqual(new Set([10]));
    const balances = await db.selectFrom('telegram_users').select('node_power').execute();
    expect(balances.every((b) => b.node_power === 10)).toBe(true);
    // Every check went to the configured oEmbed endpoint, once per link.
    expect(oembed.requested).toHaveLength(USERS);
    for (const url of oembed.requested)
      expect(url).toMatch(/^\/oembed\?url=https%3A%2F%2Fwww\.tiktok\.com/);
    expect(problems).toEqual([]);
  }, 300_000);
});
