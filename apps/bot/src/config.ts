import { z } from 'zod';
import type { Platform } from './submissions/platform-link.js';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * An address the operator chose for a service the app calls (a self-hosted Bot API server, an
 * oEmbed endpoint): http(s), no credentials, no fragment.
 */
const serviceUrl = (what: string) =>
  optional.pipe(
    z
      .url({ protocol: /^https?$/, error: `must be an http(s) URL of ${what}` })
      .max(2048, 'must be at most 2048 characters')
      .refine((v) => {
        const url = parseUrl(v);
        return !url || (!url.username && !url.password && !url.hash);
      }, 'must not carry credentials or a #fragment')
      .optional(),
  );

/** An oEmbed endpoint; the app adds `url=` (and Instagram's `access_token=`) itself. */
const oembedEndpoint = (platform: string) =>
  serviceUrl(`${platform}'s oEmbed endpoint`).refine(
    (v) => v === undefined || !/[?&](url|access_token)=/.test(v),
    'must not contain url= or access_token=: the app adds them',
  );

const schema = z.object({
  DATABASE_URL: optional.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
      .optional(),
  ),
  DATA_DIR: optional,
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65_535).default(54_329),
  TELEGRAM_BOT_TOKEN: optional.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, 'does not look like a token from @BotFather')
      .optional(),
  ),
  TELEGRAM_API_ROOT: serviceUrl('a Telegram Bot API server').refine(
    (v) => v === undefined || (!parseUrl(v)?.search && !v.includes('/bot')),
    'must be the server root (e.g. http://127.0.0.1:8081), without /bot<token> or a query',
  ),
  PUBLIC_URL: optional.pipe(
    z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  TASK_EXPIRY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(72),
  DEFAULT_NODE_POWER_REWARD: z.coerce.number().int().nonnegative().default(10),
  CALLBACK_ALLOW_HOSTS: list,
  CALLBACK_HTTPS_ONLY: flag,
  WEBHOOK_RETRY_SCHEDULE: z.enum(['standard-webhooks', 'original']).default('standard-webhooks'),
  WEBHOOK_RETENTION: z.enum(['on', 'off']).default('on'),
  WEBHOOK_RETENTION_DELIVERED_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  WEBHOOK_RETENTION_FAILED_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  INSTAGRAM_OEMBED_TOKEN: optional,
  OEMBED_TIKTOK_URL: oembedEndpoint('TikTok'),
  OEMBED_YOUTUBE_URL: oembedEndpoint('YouTube'),
  OEMBED_INSTAGRAM_URL: oembedEndpoint('Instagram'),
  METRICS_TOKEN: optional.pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9._~+/-]{16,256}=*$/,
        'must be a bearer token: 16 to 256 characters of A-Z, a-z, 0-9, -, ., _, ~, + and /',
      )
      .optional(),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Everything the app can be told, checked once at start. */
export interface AppConfig {
  /** `undefined`: run an embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  embeddedPostgresPort: number;
  /** `undefined`: no Telegram bot; the API and the workers still run. */
  telegramBotToken: string | undefined;
  /** A self-hosted Telegram Bot API server; `undefined`: https://api.telegram.org. */
  telegramApiRoot: string | undefined;
  /** Both set: Telegram webhook mode; otherwise long polling. */
  telegramWebhook: { publicUrl: string; secret: string } | undefined;
  port: number;
  host: string;
  taskExpiryHours: number;
  defaultReward: number;
  /** Private hosts, addresses or CIDR ranges callbacks may still go to (local development). */
  callbackAllowHosts: string[];
  callbackHttpsOnly: boolean;
  retrySchedule: 'standard-webhooks' | 'original';
  /** How long finished webhook deliveries are kept, in days; `undefined`: kept forever. */
  webhookRetention: { deliveredDays: number; failedDays: number } | undefined;
  instagramOembedToken: string | undefined;
  /**
   * oEmbed endpoints replacing the platforms' own, each an explicit allow-list entry: the
   * verifier requests only these (or the defaults), never a user's link.
   */
  oembedEndpoints: Partial<Record<Platform, string>>;
  /** The bearer token `GET /metrics` asks for; `undefined`: no `/metrics` (404). */
  metricsToken: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads the environment variables once; every problem is reported, not just the first. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
      );
  if (Boolean(env.PUBLIC_URL?.trim()) !== Boolean(env.TELEGRAM_WEBHOOK_SECRET?.trim())) {
    const missing = env.PUBLIC_URL?.trim() ? 'TELEGRAM_WEBHOOK_SECRET' : 'PUBLIC_URL';
    problems.push(
      `${missing}: PUBLIC_URL and TELEGRAM_WEBHOOK_SECRET go together (webhook mode needs both)`,
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    telegramBotToken: e.TELEGRAM_BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT?.replace(/\/+$/, ''),
    telegramWebhook:
      e.PUBLIC_URL && e.TELEGRAM_WEBHOOK_SECRET
        ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''), secret: e.TELEGRAM_WEBHOOK_SECRET }
        : undefined,
    port: e.PORT,
    host: e.HOST,
    taskExpiryHours: e.TASK_EXPIRY_HOURS,
    defaultReward: e.DEFAULT_NODE_POWER_REWARD,
    callbackAllowHosts: e.CALLBACK_ALLOW_HOSTS,
    callbackHttpsOnly: e.CALLBACK_HTTPS_ONLY,
    retrySchedule: e.WEBHOOK_RETRY_SCHEDULE,
    webhookRetention:
      e.WEBHOOK_RETENTION === 'on'
        ? {
            deliveredDays: e.WEBHOOK_RETENTION_DELIVERED_DAYS,
            failedDays: e.WEBHOOK_RETENTION_FAILED_DAYS,
          }
        : undefined,
    instagramOembedToken: e.INSTAGRAM_OEMBED_TOKEN,
    oembedEndpoints: {
      ...(e.OEMBED_TIKTOK_URL ? { tiktok: e.OEMBED_TIKTOK_URL } : {}),
      ...(e.OEMBED_YOUTUBE_URL ? { youtube: e.OEMBED_YOUTUBE_URL } : {}),
      ...(e.OEMBED_INSTAGRAM_URL ? { instagram: e.OEMBED_INSTAGRAM_URL } : {}),
    },
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
  };
}
