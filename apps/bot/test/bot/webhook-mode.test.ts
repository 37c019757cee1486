import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentTexts, telegramUser, textUpdate } from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'telegram-webhook-secret-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    env: { PUBLIC_URL: 'https://relay.example.com', TELEGRAM_WEBHOOK_SECRET: SECRET },
  });
});
afterAll(() => t.close());

const deliver = (secret: string | undefined, body: unknown) =>
  t.app.api.request('/telegram/webhook', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: JSON.stringify(body),
  });

describe('Telegram webhook mode', () => {
  it('registers the webhook with its secret token on start', async () => {
    await t.app.start();
    expect(t.calls.find((c) => c.method === 'setWebhook')?.payload).toEqual({
      url: 'https://relay.example.com/telegram/webhook',
      secret_token: SECRET,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(t.calls.some((c) => c.method === 'getUpdates')).toBe(false);
  });

  it('refuses updates without the secret token, or with a wrong one', async () => {
    t.calls.length = 0;
    for (const secret of [undefined, 'wrong-secret-wrong-secret']) {
      const response = await deliver(secret, textUpdate(telegramUser(6001), '/start'));
      expect(response.status).toBe(401);
    }
    expect(t.calls).toEqual([]);
  });

  it('handles an update that carries the secret token', async () => {
    t.calls.length = 0;
    const response = await deliver(
      SECRET,
      textUpdate(telegramUser(6002, { first_name: 'Mei' }), '/start'),
    );
    expect(response.status).toBe(200);
    expect(sentTexts(t.calls)[0]).toMatch(/^Welcome to Drama Relay, Mei!/);
  });
});
