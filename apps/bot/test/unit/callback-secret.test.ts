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
});
