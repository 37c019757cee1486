import { standardWebhooksVectors } from '@dramarelay/test-utils';
import { describe, expect, it } from 'vitest';
import { at, encoder, implementations, reasonOf } from './implementations.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64_CHARS = `${ALPHANUMERIC}+/=`;

describe.each(implementations)('%s: Standard Webhooks vectors', (_, api) => {
  it.each(standardWebhooksVectors)('accepts vector $id', async (vector) => {
    const headers = {
      'webhook-id': vector.id,
      'webhook-timestamp': String(vector.timestamp),
      'webhook-signature': vector.signature,
    };
    const options = { now: at(vector.timestamp) };
    await expect(api.verify(vector.body, headers, vector.secret, options)).resolves.toEqual(
      JSON.parse(vector.body),
    );
    await expect(
      api.verify(encoder.encode(vector.body), headers, vector.secret, options),
    ).resolves.toEqual(JSON.parse(vector.body));
  });

  it.each(standardWebhooksVectors)('signs vector $id to the same signature', async (vector) => {
    const headers = await api.sign({
      id: vector.id,
      timestamp: vector.timestamp,
      body: vector.body,
      secrets: vector.secret,
    });
    expect(headers['webhook-signature']).toBe(vector.signature);
  });

  describe.each(standardWebhooksVectors)('vector $id, changed by one byte', (vector) => {
    const headers = {
      'webhook-id': vector.id,
      'webhook-timestamp': String(vector.timestamp),
      'webhook-signature': vector.signature,
    };
    const options = { now: at(vector.timestamp) };
    const check = (changed: Partial<typeof headers>, body: string | Uint8Array = vector.body) =>
      reasonOf(api.verify(body, { ...headers, ...changed }, vector.secret, options));
    const replaceAt = (text: string, i: number, char: string) =>
      text.slice(0, i) + char + text.slice(i + 1);

    it('rejects a body with any byte changed', async () => {
      const body = encoder.encode(vector.body);
      for (let i = 0; i < body.length; i++) {
        const tampered = body.slice();
        tampered[i]! ^= 0x01;
        expect(await check({}, tampered), `byte ${i}`).toBe('no_matching_signature');
      }
    });

    it('rejects an id with any character changed', async () => {
      for (let i = 0; i < vector.id.length; i++) {
        const id = replaceAt(vector.id, i, vector.id[i] === 'x' ? 'y' : 'x');
        expect(await check({ 'webhook-id': id }), `character ${i}`).toBe('no_matching_signature');
      }
    });

    it('rejects a timestamp with any digit changed, for the reason the new value gives', async () => {
      const text = String(vector.timestamp);
      for (let i = 0; i < text.length; i++) {
        for (const digit of '0123456789') {
          if (digit === text[i]) continue;
          const changed = Number(replaceAt(text, i, digit));
          const expected =
            changed < vector.timestamp - 300
              ? 'timestamp_too_old'
              : changed > vector.timestamp + 300
                ? 'timestamp_too_new'
                : 'no_matching_signature';
          const reason = await check({ 'webhook-timestamp': replaceAt(text, i, digit) });
          expect(reason, `digit ${i} → ${digit}`).toBe(expected);
        }
        const letter = await check({ 'webhook-timestamp': replaceAt(text, i, 'x') });
        expect(letter, `digit ${i} → x`).toBe('invalid_timestamp');
      }
    });

    it('rejects a signature with any base64 character replaced by any other', async () => {
      const signature = vector.signature;
      for (let i = 3; i < signature.length; i++) {
        for (const char of BASE64_CHARS) {
          if (char === signature[i]) continue;
          const reason = await check({ 'webhook-signature': replaceAt(signature, i, char) });
          expect(reason, `position ${i} → ${char}`).toBe('no_matching_signature');
        }
      }
    });

    it('ignores a signature whose version is changed, and rejects a lost separator', async () => {
      for (const char of ALPHANUMERIC) {
        if (char !== 'v') {
          const version = replaceAt(vector.signature, 0, char);
          expect(await check({ 'webhook-signature': version })).toBe('no_matching_signature');
        }
        if (char !== '1') {
          const version = replaceAt(vector.signature, 1, char);
          expect(await check({ 'webhook-signature': version })).toBe('no_matching_signature');
        }
        const separator = replaceAt(vector.signature, 2, char);
        expect(await check({ 'webhook-signature': separator })).toBe('malformed_header');
      }
    });
  });
});
