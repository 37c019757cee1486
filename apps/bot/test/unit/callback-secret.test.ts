import { describe, expect, it } from 'vitest';
import { resolveCallbackSecret } from '../../src/endpoints/callback-secret.js';

const generate = () => 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('choosing how a callback is signed', () => {
  it('generates a Standard Webhooks secret when none is given', () => {
    expect(resolveCallbackSecret({}, generate)).toEqual({
      ok: true,
      secret: generate(),
      scheme: 'standard-webhooks',
      generated: true,
    });
  });

  it('treats a plain X2C-style secret as the legacy scheme', () => {
    expect(resolveCallbackSecret({ secret: 'your_secret_key_2024' }, generate)).toMatchObject({
      ok: true,
      scheme: 'legacy',
      generated: false,
    });
  });

  it('refuses a plain secret for the standard-webhooks scheme, saying what to do', () => {
    const result = resolveCallbackSecret(
      { secret: 'your_secret_key_2024', scheme: 'standard-webhooks' },
      generate,
    );
    expect(result).toMatchObject({ ok: false, field: 'callback_secret' });
    expect(result.ok || result.error).toMatch(/whsec_/);
  });

  it('refuses a whsec_ secret that is not base64 of a usable length', () => {
    expect(resolveCallbackSecret({ secret: 'whsec_abc' }, generate).ok).toBe(false);
    expect(resolveCallbackSecret({ secret: 'whsec_!!!!' }, generate).ok).toBe(false);
    expect(resolveCallbackSecret({ secret: generate() }, generate).ok).toBe(true);
  });

  it.each([
    [
      'a non-canonical whsec_ spelling (padding bits set)',
      'whsec_AAAAAAAAAAAAAAAAAAAAAB==',
      undefined,
    ],
    [
      'a non-canonical whsec_ spelling, for the legacy scheme',
      'whsec_AAAAAAAAAAAAAAAAAAAAAB==',
      'legacy',
    ],
    ['a malformed whpk_ key, for the legacy scheme', 'whpk_not-a-key', 'legacy'],
  ] as const)(
    'refuses %s, which the webhook signer would refuse at completion',
    (_name, secret, scheme) => {
      const result = resolveCallbackSecret({ secret, scheme }, generate);
      expect(result).toMatchObject({ ok: false, field: 'callback_secret' });
      expect(result.ok || result.error).not.toContain(secret);
    },
  );

  it('still accepts the canonical spelling of the same key', () => {
    expect(
      resolveCallbackSecret({ secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAA==' }, generate),
    ).toMatchObject({
      ok: true,
      scheme: 'standard-webhooks',
    });
  });
});
