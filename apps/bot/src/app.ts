import { generateSecret } from '@dramarelay/receiver-verify';
import {
  createNotifier,
  type HttpTransport,
  type Notifier,
  retryPresets,
  type SsrfPolicy,
} from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { type RunnerHandle, run } from '@grammyjs/runner';
import { type Bot, type BotConfig, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Hono } from 'hono';
import { sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { HealthReport } from './api/api-deps.js';
import { createApi } from './api/create-api.js';
import type { BotContext } from './bot/bot-context.js';
import { BOT_COMMANDS, createBot } from './bot/create-bot.js';
import type { AppConfig } from './config.js';
import type { Db } from './database/database.js';
import { createAppMetrics } from './metrics/app-metrics.js';
import { notifierWebhooks } from './notifications/notifier-webhooks.js';
import { retentionOption } from './notifications/retention.js';
import { notifierOperations } from './notifications/webhook-operations.js';
import { WEBHOOK_USER_AGENT } from './notifications/webhook-user-agent.js';
import { notifyUserOfOutcome } from './submissions/notify-outcome.js';
import { createExpirySweeper, type ExpirySweeper } from './tasks/expiry-sweeper.js';
import type { Fetcher } from './verification/oembed.js';
import {
  createVerificationSweeper,
  type VerificationSweeper,
} from './verification/verification-sweeper.js';
import {
  type ClaimVerifier,
  type Clock,
  createClaimVerifier,
  type RecheckPolicy,
} from './verification/verify-claim.js';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface AppDeps {
  config: AppConfig;
  /** Migrated already (see `migrateAll`). The caller owns it and destroys it after `stop()`. */
  db: Db;
  logger: Logger;
  clock?: Clock;
  /** For oEmbed requests; `fetch` by default. */
  fetcher?: Fetcher;
  /** Pause between oEmbed tries; tests pass one that does not wait. */
  oembedPause?: (ms: number) => Promise<void>;
  /** How long one oEmbed request may take (8 s by default). */
  oembedTimeoutMs?: number;
  recheck?: RecheckPolicy;
  /** Webhook HTTP; the notifier's guarded undici transport by default. */
  transport?: HttpTransport;
  /** Where the store LISTENs for new messages (wakes the worker at once instead of polling). */
  listenConnectionString?: string;
  /** The notifier's randomness (retry jitter, first retention run); `Math.random` by default. */
  random?: () => number;
  /** Skips `getMe` (offline tests). */
  botInfo?: UserFromGetMe;
  botClient?: BotConfig<BotContext>['client'];
}

export interface App {
  api: Hono;
  bot: Bot<BotContext> | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: the store joins any Kysely transaction
  notifier: Notifier<Transaction<any>>;
  verifier: ClaimVerifier;
  sweeper: VerificationSweeper;
  /** Writes `task.expired` for tasks that passed their `expires_at`. */
  expirySweeper: ExpirySweeper;
  /**
   * Starts the delivery worker, the verification and expiry sweepers and the bot (HTTP is the
   * caller's).
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: everything wired, nothing started. */
export function createApp(deps: AppDeps): App {
  const { config, db, logger } = deps;
  const clock = deps.clock ?? { now: () => Date.now() };
  const now = () => new Date(clock.now());
  const ssrf: SsrfPolicy = {
    allow: config.callbackAllowHosts,
    httpsOnly: config.callbackHttpsOnly,
  };

  const store = createKyselyStore(
    db,
    deps.listenConnectionString
      ? { listen: { connectionString: deps.listenConnectionString } }
      : {},
  );
  const notifier = createNotifier({
    store,
    logger: logger.child({ component: 'notifier' }),
    clock,
    ssrf,
    retry:
      config.retrySchedule === 'original' ? retryPresets.original : retryPresets.standardWebhooks,
    userAgent: WEBHOOK_USER_AGENT,
    retention: retentionOption(config.webhookRetention),
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.transport ? { transport: deps.transport } : {}),
  });
  const webhooks = notifierWebhooks(notifier, ssrf);

  const verificationLogger = logger.child({ component: 'verification' });
  const verifier = createClaimVerifier({
    db,
    webhooks,
    logger: verificationLogger,
    clock,
    oembed: {
      fetcher: deps.fetcher ?? ((url, init) => fetch(url, init)),
      instagramToken: config.instagramOembedToken,
      endpoints: config.oembedEndpoints,
      ...(deps.oembedPause ? { pause: deps.oembedPause } : {}),
      ...(deps.oembedTimeoutMs ? { timeoutMs: deps.oembedTimeoutMs } : {}),
    },
    ...(deps.recheck ? { recheck: deps.recheck } : {}),
  });

  const bot = config.telegramBotToken
    ? createBot(config.telegramBotToken, {
        db,
        verifier,
        requestCheck: () => sweeper.wake(),
        now,
        logger: logger.child({ component: 'bot' }),
        ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
        client: {
          ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}),
          ...deps.botClient,
        },
      })
    : undefined;

  const sweeper = createVerificationSweeper({
    db,
    verifier,
    clock,
    logger: verificationLogger,
    onOutcome: bot ? (outcome) => notifyUserOfOutcome({ db, api: bot.api }, outcome) : undefined,
  });

  const expirySweeper = createExpirySweeper({
    db,
    webhooks,
    clock,
    logger: logger.child({ component: 'tasks' }),
  });

  let workerRunning = false;
  async function health(): Promise<HealthReport> {
    try {
      await sql`select 1`.execute(db);
      const backlog = await store.countPending();
      return { ok: workerRunning, database: true, worker: workerRunning, backlog };
    } catch {
      return { ok: false, database: false, worker: workerRunning, backlog: null };
    }
  }

  const metrics = config.metricsToken ? createAppMetrics(notifier) : undefined;
  const webhookMode = bot && config.telegramWebhook;
  const api = createApi({
    db,
    webhooks,
    operations: notifierOperations(notifier),
    now,
    rules: { expiryHours: config.taskExpiryHours, defaultReward: config.defaultReward },
    generateSecret,
    logger: logger.child({ component: 'api' }),
    health,
    ...(metrics && config.metricsToken ? { metrics: { metrics, token: config.metricsToken } } : {}),
    ...(webhookMode
      ? {
          telegramWebhook: {
            path: TELEGRAM_WEBHOOK_PATH,
            handler: webhookCallback(bot, 'std/http', {
              secretToken: webhookMode.secret,
              onTimeout: 'return',
            }),
          },
        }
      : {}),
  });

  let runner: RunnerHandle | undefined;

  return {
    api,
    bot,
    notifier,
    verifier,
    sweeper,
    expirySweeper,
    async start() {
      await notifier.start();
      workerRunning = true;
      sweeper.start();
      expirySweeper.start();
      if (!bot) return;
      await bot.init();
      await bot.api.setMyCommands(BOT_COMMANDS).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not set the bot commands');
      });
      if (webhookMode) {
        await bot.api.setWebhook(`${webhookMode.publicUrl}${TELEGRAM_WEBHOOK_PATH}`, {
          secret_token: webhookMode.secret,
          allowed_updates: ['message', 'callback_query'],
        });
        logger.info(
          { username: bot.botInfo.username },
          'Telegram bot receiving updates by webhook',
        );
        return;
      }
      await bot.api.deleteWebhook();
      // The runner, not bot.start(): updates of different chats are handled concurrently.
      runner = run(bot, {
        runner: { fetch: { allowed_updates: ['message', 'callback_query'] } },
      });
      logger.info({ username: bot.botInfo.username }, 'Telegram bot polling');
      runner.task()?.catch((error: unknown) => {
        logger.error({ err: error }, 'Telegram polling stopped');
      });
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      await runner?.task()?.catch(() => {});
      await sweeper.stop();
      await expirySweeper.stop();
      await notifier.stop();
      workerRunning = false;
    },
  };
}
