import { describe, expect, it } from 'vitest';
import type { SignInput, VerifyOptions } from '../src/node.js';
import { implementations } from './implementations.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"ok":true}';
const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' };
const misuse = /^@dramarelay\/receiver-verify: /;

/** Runs `call` and asserts it threw a TypeError synchronously, before any promise existed. */
function throwsAtOnce(call: () => unknown): string {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(misuse);
    return (error as TypeError).message;
  }
  throw new Error(`expected a synchronous TypeError, got ${String(result)}`);
}

describe.each(implementations)('%s: misuse throws a TypeError at once', (_, api) => {
  const badSecrets: [string, unknown][] = [
    ['an empty secret', ''],
    ['no secrets', []],
    ['an empty secret in a list', [secret, '']],
    ['a non-string secret', [42]],
    ['a whsec_ key that is not base64', 'whsec_not base64!'],
    ['an empty whsec_ key', 'whsec_'],
    ['a whpk_ key of the wrong length', 'whpk_AAAA'],
    ['a whsk_ key of the wrong length', 'whsk_AAAA'],
    ['a whsk_ secret key given to verify', `whsk_${'A'.repeat(43)}=`],
  ];
  it.each(badSecrets)('verify with %s', (_, bad) => {
    throwsAtOnce(() => api.verify(body, headers, bad as string));
    throwsAtOnce(() => api.verifyWebhook(body, headers, bad as string));
    throwsAtOnce(() => api.verifySignature(body, headers, bad as string));
  });

  it('verify with a non-base64 secret under an explicit standard-webhooks scheme', () => {
    const options: VerifyOptions = { scheme: 'standard-webhooks' };
    throwsAtOnce(() => api.verify(body, headers, 'plain words', options));
  });

  it('verify with a parsed body instead of the raw one', () => {
    const parsed = JSON.parse(body) as unknown as string;
    expect(throwsAtOnce(() => api.verify(parsed, headers, secret))).toContain('raw');
  });

  it('verify with bad options', () => {
    throwsAtOnce(() => api.verify(body, headers, secret, { scheme: 'svix' as 'auto' }));
    throwsAtOnce(() => api.verify(body, headers, secret, { toleranceSeconds: -1 }));
    throwsAtOnce(() => api.verify(body, headers, secret, { toleranceSeconds: Number.NaN }));
  });

  it('verifyRequest with a bad secret, before the body is read', () => {
    const request = new Request('https://example.test/hook', { method: 'POST', body });
    throwsAtOnce(() => api.verifyRequest(request, ''));
    expect(request.bodyUsed).toBe(false);
  });

  const good: SignInput = { id: 'msg_1', timestamp: 1767225600, body, secrets: secret };
  const badInputs: [string, Partial<SignInput>][] = [
    ['an empty id', { id: '' }],
    ['milliseconds for seconds', { timestamp: 1767225600000 }],
    ['a fractional timestamp', { timestamp: 1.5 }],
    ['a negative timestamp', { timestamp: -1 }],
    ['an invalid Date', { timestamp: new Date('nope') }],
    ['a parsed body', { body: { ok: true } as unknown as string }],
    ['no secrets', { secrets: [] }],
    ['a whpk_ public key', { secrets: `whpk_${'A'.repeat(43)}=` }],
    ['a non-base64 secret', { secrets: 'plain words' }],
    ['an unknown scheme', { scheme: 'svix' as 'legacy' }],
    ['legacy without an eventType', { scheme: 'legacy' }],
    ['legacy with two secrets', { scheme: 'legacy', eventType: 'e', secrets: ['a', 'b'] }],
  ];
  it.each(badInputs)('sign with %s', (_, change) => {
    throwsAtOnce(() => api.sign({ ...good, ...change }));
  });

  it('does not throw for a valid call', async () => {
    await expect(api.sign(good)).resolves.toBeDefined();
  });
});
