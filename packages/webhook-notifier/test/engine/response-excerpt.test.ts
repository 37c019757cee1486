import { describe, expect, it } from 'vitest';
import { bodyExcerpt, keptHeaders } from '../../src/engine/response-excerpt.js';
import { response } from '../support/fake-transport.js';
import { createHarness } from '../support/harness.js';

describe('what is kept of a response', () => {
  it('records only a 4 KiB excerpt of a huge response body', async () => {
    const huge = new TextEncoder().encode('错'.repeat(400_000));
    const h = createHarness({
      responder: () => ({ ...response(500), body: huge, truncated: true }),
    });
    const { deliveryId } = await h.enqueue();
    await h.notifier.runOnce();
    const [attempt] = await h.store.listAttempts(deliveryId);
    const excerpt = attempt!.responseExcerpt!;
    expect(new TextEncoder().encode(excerpt).byteLength).toBeLessThanOrEqual(4096);
    // Cut on a character boundary: 1365 whole characters, no replacement character.
    expect(excerpt).toBe('错'.repeat(1365));
  });

  it('records no excerpt for an empty body', () => {
    expect(bodyExcerpt(new Uint8Array(0))).toBeNull();
    expect(bodyExcerpt(new TextEncoder().encode('ok'))).toBe('ok');
  });

  it('keeps a few useful headers, capped in length', () => {
    expect(
      keptHeaders({
        'retry-after': '30',
        'set-cookie': 'session=1',
        'x-request-id': 'r'.repeat(300),
      }),
    ).toEqual({ 'retry-after': '30', 'x-request-id': 'r'.repeat(256) });
  });
});
