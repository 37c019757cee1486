import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { at, implementations, reasonOf } from './implementations.js';

// The original relay keyed HMAC-SHA256 with the secret's UTF-8 bytes, over the raw body.
const secret = 'x2c-callback-秘密';
const body = JSON.stringify({
  event: 'task.completed',
  data: { task_title: '《霸道总裁爱上我》' },
});
const hexdigest = createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex');
const sent = 1767225600;

describe.each(implementations)('%s: legacy X-Webhook-Signature scheme', (_, api) => {
  const headers = {
    'X-Webhook-Event': 'task.completed',
    'X-Webhook-Timestamp': String(sent),
    'X-Webhook-Signature': `sha256=${hexdigest}`,
  };

  it('signs the three headers the original relay sent, with a hexdigest of the raw body', async () => {
    const signed = await api.sign({
      scheme: 'legacy',
      id: 'msg_unused',
      timestamp: sent,
      body,
      secrets: secret,
      eventType: 'task.completed',
    });
    expect(signed).toEqual({
      'x-webhook-event': 'task.completed',
      'x-webhook-timestamp': String(sent),
      'x-webhook-signature': `sha256=${hexdigest}`,
    });
  });

  it('detects the scheme from the headers and returns event and unsigned timestamp', async () => {
    const verified = await api.verifyWebhook(body, headers, secret, { now: at(sent) });
    expect(verified).toEqual({
      scheme: 'legacy',
      id: undefined,
      timestamp: sent,
      eventType: 'task.completed',
      payload: JSON.parse(body),
    });
  });

  it('accepts a request without timestamp, as old senders may omit it', async () => {
    const { 'X-Webhook-Timestamp': _, ...untimed } = headers;
    const verified = await api.verifyWebhook(body, untimed, secret, { scheme: 'legacy' });
    expect(verified.timestamp).toBeUndefined();
  });

  it('checks the tolerance when a timestamp is present', async () => {
    const late = { now: at(sent + 301) };
    expect(await reasonOf(api.verify(body, headers, secret, late))).toBe('timestamp_too_old');
    const garbled = { ...headers, 'X-Webhook-Timestamp': 'yesterday' };
    expect(await reasonOf(api.verify(body, garbled, secret, { now: at(sent) }))).toBe(
      'invalid_timestamp',
    );
  });

  it('rejects a changed body, a wrong secret and an upper-case hexdigest', async () => {
    const options = { now: at(sent) };
    expect(await reasonOf(api.verify(`${body} `, headers, secret, options))).toBe(
      'no_matching_signature',
    );
    expect(await reasonOf(api.verify(body, headers, 'other', options))).toBe(
      'no_matching_signature',
    );
    const upper = { ...headers, 'X-Webhook-Signature': `sha256=${hexdigest.toUpperCase()}` };
    expect(await reasonOf(api.verify(body, upper, secret, options))).toBe('no_matching_signature');
  });

  it('accepts any of several secrets during a rotation', async () => {
    await expect(
      api.verify(body, headers, ['new-secret', secret], { now: at(sent) }),
    ).resolves.toEqual(JSON.parse(body));
  });

  it('rejects a signature header without algorithm=value', async () => {
    const bare = { ...headers, 'X-Webhook-Signature': hexdigest };
    expect(await reasonOf(api.verify(body, bare, secret, { now: at(sent) }))).toBe(
      'malformed_header',
    );
    const other = { ...headers, 'X-Webhook-Signature': `sha1=${hexdigest.slice(0, 40)}` };
    expect(await reasonOf(api.verify(body, other, secret, { now: at(sent) }))).toBe(
      'no_matching_signature',
    );
  });

  it('names x-webhook-signature when an explicitly legacy request has no signature', async () => {
    const error = await api.verify(body, {}, secret, { scheme: 'legacy' }).catch((e) => e);
    expect(error).toMatchObject({ reason: 'missing_header', header: 'x-webhook-signature' });
  });

  it('does not take a secret from a header (the original relay sent it in X-Webhook-Secret)', async () => {
    const forged = createHmac('sha256', 'attacker').update(body).digest('hex');
    const request = {
      ...headers,
      'X-Webhook-Secret': 'attacker',
      'X-Webhook-Signature': `sha256=${forged}`,
    };
    expect(await reasonOf(api.verify(body, request, secret, { now: at(sent) }))).toBe(
      'no_matching_signature',
    );
  });
});
