import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('runs with no environment at all: embedded database, no bot, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      telegramBotToken: undefined,
      telegramWebhook: undefined,
      port: 3000,
      taskExpiryHours: 72,
      callbackAllowHosts: [],
    });
  });

  it('reads lists, numbers and webhook mode', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      PORT: '8080',
      TASK_EXPIRY_HOURS: '24',
      CALLBACK_ALLOW_HOSTS: '127.0.0.1, hooks.internal',
      PUBLIC_URL: 'https://relay.example.com/',
      TELEGRAM_WEBHOOK_SECRET: 'a-long-enough-secret',
    });
    expect(config.port).toBe(8080);
    expect(config.taskExpiryHours).toBe(24);
    expect(config.callbackAllowHosts).toEqual(['127.0.0.1', 'hooks.internal']);
    expect(config.telegramWebhook).toEqual({
      publicUrl: 'https://relay.example.com',
      secret: 'a-long-enough-secret',
    });
  });

  it('reports every problem at once, by variable name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'https://a.example' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgres:\/\/ connection string/m);
    expect(problems).toMatch(
      /^TELEGRAM_WEBHOOK_SECRET: PUBLIC_URL and TELEGRAM_WEBHOOK_SECRET go together/m,
    );
  });

  it('refuses a malformed bot token without repeating it', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token' })).toThrow(
      /TELEGRAM_BOT_TOKEN: does not look like a token from @BotFather/,
    );
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token' })).not.toThrow(/not-a-token/);
  });

  it('turns /metrics on with a bearer token, and refuses a short or spaced one without repeating it', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: '  ' }).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'c2NyYXBlLW1lLXBsZWFzZQ==' }).metricsToken).toBe(
      'c2NyYXBlLW1lLXBsZWFzZQ==',
    );
    for (const token of ['short', 'has a space in the middle', 'quote"inside-a-long-token']) {
      const attempt = () => loadConfig({ METRICS_TOKEN: token });
      expect(attempt).toThrow(/METRICS_TOKEN: must be a bearer token: 16 to 256 characters/);
      expect(attempt).not.toThrow(token);
    }
  });

  it('takes a self-hosted Bot API server and oEmbed endpoints of each platform', () => {
    const config = loadConfig({
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      OEMBED_TIKTOK_URL: 'http://127.0.0.1:3202/oembed',
      OEMBED_YOUTUBE_URL: 'https://oembed.internal/youtube?format=json',
      OEMBED_INSTAGRAM_URL: 'https://oembed.internal/instagram',
    });
    expect(config.telegramApiRoot).toBe('http://127.0.0.1:8081');
    expect(config.oembedEndpoints).toEqual({
      tiktok: 'http://127.0.0.1:3202/oembed',
      youtube: 'https://oembed.internal/youtube?format=json',
      instagram: 'https://oembed.internal/instagram',
    });
    expect(loadConfig({})).toMatchObject({ telegramApiRoot: undefined, oembedEndpoints: {} });
  });

  it.each([
    ['TELEGRAM_API_ROOT', 'ftp://bots.internal', /^TELEGRAM_API_ROOT: must be an http\(s\) URL/m],
    ['TELEGRAM_API_ROOT', 'not a url', /^TELEGRAM_API_ROOT: must be an http\(s\) URL/m],
    [
      'TELEGRAM_API_ROOT',
      'https://u:p@bots.internal',
      /^TELEGRAM_API_ROOT: must not carry credentials/m,
    ],
    [
      'TELEGRAM_API_ROOT',
      'https://bots.internal/bot123:abc',
      /^TELEGRAM_API_ROOT: must be the server root/m,
    ],
    ['OEMBED_TIKTOK_URL', 'file:///etc/passwd', /^OEMBED_TIKTOK_URL: must be an http\(s\) URL/m],
    [
      'OEMBED_YOUTUBE_URL',
      'https://x.internal/oembed#frag',
      /^OEMBED_YOUTUBE_URL: must not carry/m,
    ],
    [
      'OEMBED_INSTAGRAM_URL',
      'https://x.internal/o?access_token=t',
      /^OEMBED_INSTAGRAM_URL: must not contain url= or access_token=/m,
    ],
    [
      'OEMBED_TIKTOK_URL',
      'https://x.internal/o?url=https://evil',
      /^OEMBED_TIKTOK_URL: must not contain url=/m,
    ],
  ])('refuses %s=%s with the reason', (name, value, reason) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(reason);
  });
});
