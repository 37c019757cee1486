import { createFakeClock } from '@dramarelay/test-utils';
import { describe, expect, it } from 'vitest';
import { implementations, reasonOf } from './implementations.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"ok":true}';

describe.each(implementations)('%s: timestamps', (_, api) => {
  const signedAt = async (clock: { now(): number }) =>
    api.sign({ id: 'msg_t', timestamp: new Date(clock.now()), body, secrets: secret });

  it('accepts up to 300 seconds of clock difference either way, and rejects beyond', async () => {
    const clock = createFakeClock(new Date('2026-01-01T00:00:00Z'));
    const headers = await signedAt(clock);
    const options = { now: clock.now };
    clock.advance(300_000);
    await expect(api.verify(body, headers, secret, options)).resolves.toEqual({ ok: true });
    clock.advance(1000);
    expect(await reasonOf(api.verify(body, headers, secret, options))).toBe('timestamp_too_old');
    clock.advance(-601_000);
    await expect(api.verify(body, headers, secret, options)).resolves.toEqual({ ok: true });
    clock.advance(-1000);
    expect(await reasonOf(api.verify(body, headers, secret, options))).toBe('timestamp_too_new');
  });

  it('honours a custom tolerance, including zero', async () => {
    const clock = createFakeClock(new Date('2026-01-01T00:00:00Z'));
    const headers = await signedAt(clock);
    const strict = { now: clock.now, toleranceSeconds: 0 };
    await expect(api.verify(body, headers, secret, strict)).resolves.toEqual({ ok: true });
    clock.advance(999);
    await expect(api.verify(body, headers, secret, strict)).resolves.toEqual({ ok: true });
    clock.advance(1);
    expect(await reasonOf(api.verify(body, headers, secret, strict))).toBe('timestamp_too_old');
    const loose = { now: clock.now, toleranceSeconds: 86_400 };
    clock.advance(3_600_000);
    await expect(api.verify(body, headers, secret, loose)).resolves.toEqual({ ok: true });
  });

  it('uses the real clock by default', async () => {
    const headers = await api.sign({ id: 'msg_now', timestamp: new Date(), body, secrets: secret });
    await expect(api.verify(body, headers, secret)).resolves.toEqual({ ok: true });
    const old = await api.sign({ id: 'msg_old', timestamp: 1_000_000_000, body, secrets: secret });
    expect(await reasonOf(api.verify(body, old, secret))).toBe('timestamp_too_old');
  });

  it('rejects timestamps that are not whole seconds', async () => {
    const clock = createFakeClock();
    const headers = await signedAt(clock);
    for (const value of ['1767225600.5', '-1', '1e9', ' 1767225600', '0x69', '1767225600000000']) {
      const changed = { ...headers, 'webhook-timestamp': value };
      expect(await reasonOf(api.verify(body, changed, secret, { now: clock.now })), value).toBe(
        'invalid_timestamp',
      );
    }
  });
});
