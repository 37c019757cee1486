import { describe, expect, it } from 'vitest';
import { WebhookVerificationError, type WebhookVerificationErrorReason } from '../src/node.js';
import { WebhookVerificationError as WebError } from '../src/web.js';
import { at, implementations, rejection } from './implementations.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const sent = 1767225600;
const options = { now: at(sent) };

describe('WebhookVerificationError', () => {
  it('is one class for both entries, and carries reason and header', () => {
    expect(WebError).toBe(WebhookVerificationError);
    const error = new WebhookVerificationError('missing_header', 'webhook-id');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WebhookVerificationError');
    expect(error.reason).toBe('missing_header');
    expect(error.header).toBe('webhook-id');
    expect(String(error)).toBe('WebhookVerificationError: missing_header (webhook-id)');
    expect(String(new WebhookVerificationError('invalid_json'))).toBe(
      'WebhookVerificationError: invalid_json',
    );
  });
});

describe('the status a receiver answers with', () => {
  const statuses: [WebhookVerificationErrorReason, 400 | 401][] = [
    ['missing_header', 400],
    ['malformed_header', 400],
    ['invalid_timestamp', 400],
    ['invalid_json', 400],
    ['timestamp_too_old', 401],
    ['timestamp_too_new', 401],
    ['no_matching_signature', 401],
  ];
  it.each(statuses)(
    'is %s → %i: 400 when malformed, 401 when not authentic or stale',
    (reason, status) => {
      expect(new WebhookVerificationError(reason).status).toBe(status);
    },
  );

  it('comes with the rejection itself', async () => {
    const [, api] = implementations[0]!;
    const headers = await api.sign({ id: 'msg_s', timestamp: sent, body: '{}', secrets: secret });
    const forged = await rejection(api.verify('{}', headers, api.generateSecret(), options));
    const unsigned = await rejection(api.verify('{}', {}, secret, options));
    expect(forged).toMatchObject({ reason: 'no_matching_signature', status: 401 });
    expect(unsigned).toMatchObject({ reason: 'missing_header', status: 400 });
  });
});

describe.each(implementations)('%s: JSON and results', (_, api) => {
  const signed = (body: string) =>
    api.sign({ id: 'msg_j', timestamp: sent, body, secrets: secret });

  it('parses JSON only after the signature matched', async () => {
    const body = '{not json';
    const headers = await signed(body);
    const error = await rejection(api.verify(body, headers, secret, options));
    expect(error).toMatchObject({ reason: 'invalid_json', header: undefined });
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    const forged = await rejection(api.verify(body, headers, api.generateSecret(), options));
    expect(forged).toMatchObject({ reason: 'no_matching_signature', header: 'webhook-signature' });
    const empty = await rejection(api.verify('', await signed(''), secret, options));
    expect(empty).toMatchObject({ reason: 'invalid_json' });
  });

  it('verifySignature leaves the body unparsed and returns the metadata', async () => {
    const body = 'plain text, not JSON';
    const headers = await signed(body);
    await expect(api.verifySignature(body, headers, secret, options)).resolves.toEqual({
      scheme: 'standard-webhooks',
      id: 'msg_j',
      timestamp: sent,
      eventType: undefined,
    });
  });

  it('verifyWebhook returns the webhook id to dedupe retries by', async () => {
    const body = '{"task":"《霸道总裁爱上我》"}';
    const headers = await signed(body);
    await expect(api.verifyWebhook(body, headers, secret, options)).resolves.toEqual({
      scheme: 'standard-webhooks',
      id: 'msg_j',
      timestamp: sent,
      eventType: undefined,
      payload: { task: '《霸道总裁爱上我》' },
    });
  });

  it('verifyWebhook names the event type the signed payload gives (no header carries it)', async () => {
    const named = '{"event":"task.completed","data":{}}';
    const verified = await api.verifyWebhook(named, await signed(named), secret, options);
    expect(verified.eventType).toBe('task.completed');
  });

  it('parses a UTF-8 body given as bytes, including a byte order mark', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":"第"}')]);
    const headers = await api.sign({ id: 'msg_b', timestamp: sent, body: bytes, secrets: secret });
    await expect(api.verify(bytes, headers, secret, options)).resolves.toEqual({ a: '第' });
  });

  it('generates distinct 24-byte whsec_ secrets that sign and verify', async () => {
    const first = api.generateSecret();
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(api.generateSecret()).not.toBe(first);
    const headers = await api.sign({ id: 'msg_g', timestamp: sent, body: '{}', secrets: first });
    await expect(api.verify('{}', headers, first, options)).resolves.toEqual({});
  });

  it('accepts an unprefixed base64 secret, like the reference library', async () => {
    const bare = secret.slice('whsec_'.length);
    const headers = await api.sign({ id: 'msg_bare', timestamp: sent, body: '{}', secrets: bare });
    await expect(api.verify('{}', headers, secret, options)).resolves.toEqual({});
  });

  it('keeps working when more secrets pass through than the cache holds', async () => {
    const secrets = Array.from({ length: 300 }, (_, i) => `legacy-secret-${i}`);
    const headers = await api.sign({
      scheme: 'legacy',
      id: 'unused',
      timestamp: sent,
      body: '{}',
      secrets: secrets[0]!,
      eventType: 'e',
    });
    await expect(api.verify('{}', headers, secrets, options)).resolves.toEqual({});
    await expect(api.verify('{}', headers, secrets[0]!, options)).resolves.toEqual({});
  });
});
