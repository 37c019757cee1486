import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { at, implementations, rejection } from './implementations.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"ok":true}';
const sent = 1767225600;
const options = { now: at(sent) };

describe.each(implementations)('%s: reading headers', (_, api) => {
  const signed = () => api.sign({ id: 'msg_h', timestamp: sent, body, secrets: secret });

  it('reads a Fetch Headers object', async () => {
    const headers = new Headers(await signed());
    await expect(api.verify(body, headers, secret, options)).resolves.toEqual({ ok: true });
  });

  it('reads a plain object in any letter case', async () => {
    const signedHeaders = await signed();
    const mixed = {
      'Webhook-Id': signedHeaders['webhook-id'],
      'WEBHOOK-TIMESTAMP': signedHeaders['webhook-timestamp'],
      'webhook-Signature': signedHeaders['webhook-signature'],
    };
    await expect(api.verify(body, mixed, secret, options)).resolves.toEqual({ ok: true });
  });

  it('reads repeated signature headers given as an array, as Node may', async () => {
    const signedHeaders = await signed();
    const headers = {
      ...signedHeaders,
      'webhook-signature': [
        'v1,bm90IGEgc2lnbmF0dXJlIG9mIHRoaXMgYm9keSEhISE=',
        signedHeaders['webhook-signature']!,
      ],
    };
    await expect(api.verify(body, headers, secret, options)).resolves.toEqual({ ok: true });
    const joinedByNode = {
      ...signedHeaders,
      'webhook-signature': headers['webhook-signature'].join(', '),
    };
    await expect(api.verify(body, joinedByNode, secret, options)).resolves.toEqual({ ok: true });
  });

  it('prefers webhook-* over svix-* headers and never mixes the two', async () => {
    const signedHeaders = await signed();
    const svix = {
      'svix-id': signedHeaders['webhook-id'],
      'svix-timestamp': signedHeaders['webhook-timestamp'],
      'svix-signature': signedHeaders['webhook-signature'],
    };
    await expect(api.verify(body, svix, secret, options)).resolves.toEqual({ ok: true });
    const mixed = { ...svix, 'webhook-id': 'msg_other' };
    const error = await rejection(api.verify(body, mixed, secret, options));
    expect(error).toMatchObject({ reason: 'missing_header', header: 'webhook-signature' });
  });

  it('reports each missing header by name, signature first', async () => {
    const signedHeaders = await signed();
    const cases: [Record<string, string | undefined>, string][] = [
      [{}, 'webhook-signature'],
      [{ ...signedHeaders, 'webhook-signature': '' }, 'webhook-signature'],
      [{ ...signedHeaders, 'webhook-id': undefined }, 'webhook-id'],
      [{ ...signedHeaders, 'webhook-timestamp': '' }, 'webhook-timestamp'],
      [{ 'svix-id': 'msg_h', 'svix-signature': 'v1,x' }, 'svix-timestamp'],
    ];
    for (const [headers, header] of cases) {
      const error = await rejection(api.verify(body, headers, secret, options));
      expect(error, header).toMatchObject({ reason: 'missing_header', header });
    }
  });

  it('rejects a signature header with no version,value entry', async () => {
    const signedHeaders = await signed();
    for (const value of ['garbage', ',abc', '   ']) {
      const error = await rejection(
        api.verify(body, { ...signedHeaders, 'webhook-signature': value }, secret, options),
      );
      expect(error, value).toMatchObject({
        reason: 'malformed_header',
        header: 'webhook-signature',
      });
    }
  });

  it('ignores unknown signature versions next to a valid one', async () => {
    const signedHeaders = await signed();
    const headers = {
      ...signedHeaders,
      'webhook-signature': `v2,abc v1,short ${signedHeaders['webhook-signature']} v1a,xyz`,
    };
    await expect(api.verify(body, headers, secret, options)).resolves.toEqual({ ok: true });
  });

  it('checks headers before the timestamp, and the timestamp before the signature', async () => {
    const stale = { now: at(sent + 3600) };
    const malformed = { ...(await signed()), 'webhook-signature': 'nonsense' };
    const first = await rejection(api.verify(body, malformed, secret, stale));
    expect(first).toMatchObject({ reason: 'malformed_header' });
    const wrongSecret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
    const second = await rejection(api.verify(body, await signed(), wrongSecret, stale));
    expect(second).toMatchObject({ reason: 'timestamp_too_old' });
  });

  it('signs the timestamp header exactly as sent, leading zeros included', async () => {
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const content = `msg_zero.0${sent}.${body}`;
    const signature = createHmac('sha256', key).update(content).digest('base64');
    const headers = {
      'webhook-id': 'msg_zero',
      'webhook-timestamp': `0${sent}`,
      'webhook-signature': `v1,${signature}`,
    };
    await expect(api.verify(body, headers, secret, options)).resolves.toEqual({ ok: true });
  });

  it('reports a header missing from a Fetch Headers object', async () => {
    const { 'webhook-id': _, ...rest } = await signed();
    const error = await rejection(api.verify(body, new Headers(rest), secret, options));
    expect(error).toMatchObject({ reason: 'missing_header', header: 'webhook-id' });
  });

  it('verifies with an explicit standard-webhooks scheme', async () => {
    const explicit = { ...options, scheme: 'standard-webhooks' as const };
    await expect(api.verify(body, await signed(), secret, explicit)).resolves.toEqual({ ok: true });
  });

  it('skips a secret that can only be legacy when auto-detecting a Standard Webhooks request', async () => {
    const secrets = ['plain words, not base64', secret];
    await expect(api.verify(body, await signed(), secrets, options)).resolves.toEqual({ ok: true });
  });

  it('follows an explicit scheme even when other headers are present', async () => {
    const signedHeaders = await signed();
    const both = { ...signedHeaders, 'x-webhook-signature': 'sha256=00' };
    await expect(api.verify(body, both, secret, options)).resolves.toEqual({ ok: true });
    const error = await rejection(api.verify(body, both, secret, { ...options, scheme: 'legacy' }));
    expect(error).toMatchObject({ reason: 'no_matching_signature', header: 'x-webhook-signature' });
  });
});
