import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import { NotifierError } from '../../src/errors/notifier-error.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

async function expectRefused(
  h: ReturnType<typeof createHarness>,
  attempt: Promise<unknown>,
  expected: Partial<NotifierError>,
) {
  const error = await attempt.then(
    () => {
      throw new Error('enqueue was expected to refuse');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotifierError);
  expect(error).toMatchObject(expected);
  expect(await h.store.countPending()).toBe(0);
  expect(await h.store.listDeliveries()).toEqual([]);
  return error as NotifierError;
}

describe('enqueue', () => {
  it('returns time-ordered msg_ and dlv_ ids and stores one pending delivery', async () => {
    const h = createHarness();
    const receipt = await h.enqueue({ task_id: 1 });
    expect(receipt.messageId).toMatch(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(receipt.deliveryId).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(receipt.created).toBe(true);
    h.clock.advance(1);
    const later = await h.enqueue({ task_id: 2 });
    expect(later.messageId > receipt.messageId).toBe(true);
    expect(await h.store.countPending()).toBe(2);
    expect(await h.store.getMessage(receipt.messageId)).toMatchObject({
      eventType: 'task.completed',
      body: new TextEncoder().encode('{"task_id":1}'),
    });
  });

  it('dedupes by idempotency key: the same key twice gives one message', async () => {
    const h = createHarness();
    const first = await h.enqueue({ n: 1 }, { idempotencyKey: 'claim-42' });
    const again = await h.enqueue({ n: 1 }, { idempotencyKey: 'claim-42' });
    expect(again).toEqual({ ...first, created: false });
    expect(await h.store.countPending()).toBe(1);
  });

  it('refuses a payload larger than the limit, saying how large, and stores nothing', async () => {
    const h = createHarness({ limits: { maxPayloadBytes: 1024 } });
    const error = await expectRefused(h, h.enqueue({ blob: '霸'.repeat(400) }), {
      reason: 'payload_too_large',
      limit: 1024,
    });
    expect(error.size).toBe(1211);
  });

  it('refuses the default 256 KiB + 1 byte', async () => {
    const h = createHarness();
    const bytes = new Uint8Array(256 * 1024 + 1);
    await expectRefused(
      h,
      h.notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: h.secret },
        eventType: 'big',
        payload: bytes,
      }),
      { reason: 'payload_too_large', size: 262_145, limit: 262_144 },
    );
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a BigInt', { id: 10n }],
  ])('refuses %s as a payload', async (_name, payload) => {
    const h = createHarness();
    const endpoint = { url: ENDPOINT_URL, secrets: h.secret };
    await expectRefused(h, h.notifier.enqueue({ endpoint, eventType: 'a.b', payload }), {
      reason: 'invalid_payload',
    });
  });

  it('refuses a circular payload', async () => {
    const h = createHarness();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expectRefused(h, h.enqueue(circular), { reason: 'invalid_payload' });
  });

  it.each([
    ['a private address', 'http://10.0.0.1/hook', 'forbidden_address'],
    ['the loopback', 'http://127.0.0.1:8080/hook', 'forbidden_address'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data', 'forbidden_address'],
    ['localhost', 'http://localhost/hook', 'forbidden_address'],
    ['credentials in the URL', 'https://user:s3cr3tPw@hooks.example.com/x', 'credentials_in_url'],
  ])('refuses %s as destination_refused, before storing anything', async (_name, url, refusal) => {
    const h = createHarness();
    const error = await expectRefused(h, h.enqueue({}, { url }), {
      reason: 'destination_refused',
      refusal,
    });
    expect(error.message).not.toContain('s3cr3tPw');
  });

  it('refuses plain http when the SSRF policy is httpsOnly', async () => {
    const h = createHarness({ ssrf: { httpsOnly: true } });
    await expectRefused(h, h.enqueue({}, { url: 'http://hooks.example.com/x' }), {
      reason: 'destination_refused',
      refusal: 'https_required',
    });
  });

  it.each([
    ['not a URL', 'hooks dot example'],
    ['a non-HTTP scheme', 'ftp://hooks.example.com/x'],
  ])('refuses %s as invalid_endpoint', async (_name, url) => {
    const h = createHarness();
    await expectRefused(h, h.enqueue({}, { url }), { reason: 'invalid_endpoint' });
  });

  it('accepts a private address that the SSRF allow-list names, and any address with ssrf: false', async () => {
    const allowed = createHarness({ ssrf: { allow: ['127.0.0.1'] } });
    await expect(allowed.enqueue({}, { url: 'http://127.0.0.1:9/hook' })).resolves.toMatchObject({
      created: true,
    });
    const off = createHarness({ ssrf: false });
    await expect(off.enqueue({}, { url: 'http://10.0.0.1/hook' })).resolves.toMatchObject({
      created: true,
    });
    await expect(off.enqueue({}, { url: 'gopher://10.0.0.1/' })).rejects.toMatchObject({
      reason: 'invalid_endpoint',
    });
  });

  it("keeps refusing a URL one notifier's allow-list admits, in a notifier whose policy does not", async () => {
    const url = 'http://127.0.0.1:9/hook';
    const allowed = createHarness({ ssrf: { allow: ['127.0.0.1'] } });
    const strict = createHarness();
    for (let i = 0; i < 3; i++) {
      await expect(allowed.enqueue({}, { url })).resolves.toMatchObject({ created: true });
      await expectRefused(strict, strict.enqueue({}, { url }), {
        reason: 'destination_refused',
        refusal: 'forbidden_address',
      });
    }
    const off = createHarness({ ssrf: false });
    await expect(off.enqueue({}, { url: 'http://10.0.0.1/hook' })).resolves.toMatchObject({
      created: true,
    });
    await expectRefused(strict, strict.enqueue({}, { url: 'http://10.0.0.1/hook' }), {
      reason: 'destination_refused',
    });
  });

  it.each([
    ['no secret', []],
    ['an empty secret', ''],
    ['a non-string secret', [42]],
  ])('refuses %s as missing_secret', async (_name, secrets) => {
    const h = createHarness();
    await expectRefused(
      h,
      h.notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: secrets as unknown as string[] },
        eventType: 'task.completed',
        payload: {},
      }),
      { reason: 'missing_secret' },
    );
  });

  it('refuses a secret that cannot sign, without quoting it', async () => {
    const h = createHarness();
    const secret = 'not-a-whsec-secret-1234';
    const error = await expectRefused(
      h,
      h.notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: secret },
        eventType: 'a.b',
        payload: {},
      }),
      { reason: 'invalid_secret' },
    );
    expect(error.message).not.toContain(secret);
    await expectRefused(
      h,
      h.notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: ['one', 'two'], scheme: 'legacy' },
        eventType: 'a.b',
        payload: {},
      }),
      { reason: 'invalid_secret' },
    );
  });

  it.each([
    ['an empty event type', ''],
    ['a space', 'task completed'],
    ['a line break', 'task\r\nx-injected: 1'],
    ['a non-string', 42],
    ['257 characters', 'x'.repeat(257)],
  ])('refuses %s as invalid_event_type', async (_name, eventType) => {
    const h = createHarness();
    await expectRefused(
      h,
      h.notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: h.secret },
        eventType: eventType as string,
        payload: {},
      }),
      { reason: 'invalid_event_type' },
    );
  });

  it.each([
    ['an unknown scheme', { url: ENDPOINT_URL, secrets: 'x', scheme: 'svix' }],
    ['an empty id', { id: '', url: ENDPOINT_URL, secrets: 'x' }],
    ['no url', { secrets: 'x' }],
  ])('refuses %s as invalid_endpoint', async (_name, endpoint) => {
    const h = createHarness();
    await expectRefused(
      h,
      h.notifier.enqueue({ endpoint: endpoint as never, eventType: 'a.b', payload: {} }),
      { reason: 'invalid_endpoint' },
    );
  });

  it('refuses an empty idempotency key and a request that is not an object', async () => {
    const h = createHarness();
    await expectRefused(h, h.enqueue({}, { idempotencyKey: '' }), {
      reason: 'invalid_idempotency_key',
    });
    await expectRefused(h, h.notifier.enqueue(null as never), { reason: 'invalid_payload' });
  });

  it('passes the caller transaction to the store (the outbox)', async () => {
    const seen: unknown[] = [];
    class TxStore extends MemoryStore {
      override enqueue(input: Parameters<MemoryStore['enqueue']>[0], tx?: unknown) {
        seen.push(tx);
        return super.enqueue(input);
      }
    }
    const notifier = createNotifier<{ id: string }>({
      store: new TxStore() as never,
      transport: { send: () => Promise.reject(new Error('unused')) },
    });
    const h = createHarness();
    const request = {
      endpoint: { url: ENDPOINT_URL, secrets: h.secret },
      eventType: 'a.b',
      payload: {},
    };
    await notifier.enqueue(request, { tx: { id: 'tx-1' } });
    await notifier.enqueue(request);
    expect(seen).toEqual([{ id: 'tx-1' }, undefined]);
  });

  it('updates the stored secrets of an endpoint on the next enqueue (rotation)', async () => {
    const h = createHarness();
    await h.enqueue({ n: 1 }, { endpointId: 'partner' });
    const { generateSecret } = await import('@dramarelay/receiver-verify');
    const next = generateSecret();
    await h.notifier.enqueue({
      endpoint: { id: 'partner', url: ENDPOINT_URL, secrets: [h.secret, next] },
      eventType: 'a.b',
      payload: {},
    });
    expect((await h.store.getEndpoint('partner'))!.secrets).toEqual([h.secret, next]);
  });
});
