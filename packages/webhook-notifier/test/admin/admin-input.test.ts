import { describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/admin/create-admin.js';
import { createNotifier } from '../../src/engine/create-notifier.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { at, enqueueInput } from '../store-conformance/fixtures.js';

async function adminWithOne() {
  const store = new MemoryStore();
  await store.enqueue(enqueueInput(1));
  return { store, admin: createAdmin({ store, clock: { now: () => at(10).getTime() } }) };
}

describe('the admin surface refuses bad input with a reason and the field', () => {
  it.each([
    ['a status that does not exist', { status: 'lost' }, 'status'],
    ['an empty endpoint id', { endpointId: '' }, 'endpointId'],
    ['a window that ends before it starts', { since: at(10), until: at(5) }, 'until'],
    ['an invalid date', { since: new Date('nope') }, 'since'],
    ['a page of zero', { limit: 0 }, 'limit'],
    ['a page too large', { limit: 1001 }, 'limit'],
    ['a damaged cursor', { cursor: 'not-a-cursor' }, 'cursor'],
    ['an event type with spaces', { eventType: 'task completed' }, 'eventType'],
  ])('listDeliveries: %s', async (_label, query, field) => {
    const { admin } = await adminWithOne();
    await expect(admin.listDeliveries(query as never)).rejects.toMatchObject({
      name: 'NotifierError',
      reason: 'invalid_filter',
      field,
    });
  });

  it('refuses a cursor of another listing', async () => {
    const { store, admin } = await adminWithOne();
    await store.enqueue(enqueueInput(2, { endpointId: 'ep_b' }));
    const { nextCursor } = await admin.listEndpoints({ limit: 1 });
    await expect(admin.listDeliveries({ cursor: nextCursor! })).rejects.toMatchObject({
      field: 'cursor',
    });
  });

  it('refuses to replay pending deliveries, and statistics without a start', async () => {
    const { admin } = await adminWithOne();
    await expect(admin.replay({ status: 'pending' as never })).rejects.toMatchObject({
      reason: 'invalid_filter',
      field: 'status',
    });
    await expect(admin.replay({ batchSize: 10_001 })).rejects.toMatchObject({ field: 'batchSize' });
    await expect(admin.stats({} as never)).rejects.toMatchObject({ field: 'since' });
  });

  it('refuses a disable without a one-line reason, and leaves the endpoint active', async () => {
    const { admin } = await adminWithOne();
    for (const reason of ['', '   ', 'two\nlines', 'x'.repeat(501), undefined]) {
      await expect(admin.disableEndpoint('ep_a', { reason } as never)).rejects.toMatchObject({
        reason: 'invalid_argument',
        field: 'reason',
      });
    }
    expect(await admin.getEndpoint('ep_a')).toMatchObject({ state: 'active' });
  });

  it('refuses URLs the SSRF policy refuses, secrets that cannot sign, and an empty change', async () => {
    const { store, admin } = await adminWithOne();
    const before = await store.getEndpoint('ep_a');
    await expect(admin.updateEndpoint('ep_a', { url: 'http://127.0.0.1/x' })).rejects.toMatchObject(
      { reason: 'destination_refused' },
    );
    await expect(
      admin.updateEndpoint('ep_a', { url: 'ftp://x.example.com' }),
    ).rejects.toMatchObject({ reason: 'invalid_endpoint' });
    await expect(admin.updateEndpoint('ep_a', { secrets: 'whsec_!!' })).rejects.toMatchObject({
      reason: 'invalid_secret',
    });
    await expect(admin.updateEndpoint('ep_a', { scheme: 'legacy' })).resolves.toMatchObject({
      scheme: 'legacy',
    });
    await expect(admin.updateEndpoint('ep_a', {})).rejects.toMatchObject({
      reason: 'invalid_argument',
      field: 'changes',
    });
    await expect(
      admin.rotateSecret('ep_a', { secrets: 'new', overlapMs: 1000 }),
    ).rejects.toMatchObject({ reason: 'invalid_argument', field: 'overlapMs' });
    await expect(admin.rotateSecret('ep_a', { secrets: [], overlapMs: 0 })).rejects.toMatchObject({
      reason: 'missing_secret',
    });
    expect((await store.getEndpoint('ep_a'))?.url).toBe(before?.url);
  });

  it('says not_found for unknown endpoints and deliveries', async () => {
    const { admin } = await adminWithOne();
    for (const call of [
      () => admin.getEndpoint('nope'),
      () => admin.enableEndpoint('nope'),
      () => admin.disableEndpoint('nope', { reason: 'x' }),
      () => admin.updateEndpoint('nope', { url: 'https://x.example.com' }),
      () => admin.rotateSecret('nope', { secrets: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
      () => admin.getDelivery('dlv_nope'),
      () => admin.redeliver('dlv_nope'),
    ]) {
      await expect(call()).rejects.toMatchObject({ reason: 'not_found' });
    }
  });

  it('needs a store with the operator methods', () => {
    const { listEndpoints: _, ...partial } = Object.fromEntries(
      Object.getOwnPropertyNames(MemoryStore.prototype).map((name) => [name, () => {}]),
    );
    expect(() => createAdmin({ store: partial as never })).toThrow(
      expect.objectContaining({ reason: 'not_supported' }),
    );
    const notifier = createNotifier({ store: partial as never });
    expect(() => notifier.admin).toThrow(expect.objectContaining({ reason: 'not_supported' }));
  });

  it('checks the retention option when the notifier is created', () => {
    const store = new MemoryStore();
    const retention = { deliveredMaxAgeMs: 86_400_000, failedMaxAgeMs: 86_400_000 };
    expect(() =>
      createNotifier({ store, retention: { ...retention, deliveredMaxAgeMs: 7 } }),
    ).toThrow(/deliveredMaxAgeMs must be an integer >= 60000/);
    expect(() => createNotifier({ store, retention: { ...retention, intervalMs: 10 } })).toThrow(
      TypeError,
    );
    const { prune: _, ...noPrune } = Object.fromEntries(
      Object.getOwnPropertyNames(MemoryStore.prototype).map((name) => [name, () => {}]),
    );
    expect(() => createNotifier({ store: noPrune as never, retention })).toThrow(/prune/);
  });
});

describe('what the admin surface shows', () => {
  it('pages through deliveries newest first until nextCursor is null', async () => {
    const store = new MemoryStore();
    for (let n = 1; n <= 7; n++) await store.enqueue(enqueueInput(n));
    const admin = createAdmin({ store });
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.listDeliveries({ limit: 3, ...(cursor && { cursor }) });
      pages.push(page.deliveries.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages).toEqual([
      ['dlv_0007', 'dlv_0006', 'dlv_0005'],
      ['dlv_0004', 'dlv_0003', 'dlv_0002'],
      ['dlv_0001'],
    ]);
  });

  it('never shows a secret, not even a rotated one', async () => {
    const { store, admin } = await adminWithOne();
    const secret = (await store.getEndpoint('ep_a'))!.secrets[0]!;
    const next = 'whsec_c2VjcmV0LXR3by1zZWNyZXQtdHdvLXNlY3JldC10d28=';
    const shown = [
      await admin.rotateSecret('ep_a', { secrets: next }),
      await admin.listEndpoints(),
      await admin.disableEndpoint('ep_a', { reason: 'test' }),
    ];
    const text = JSON.stringify(shown);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(next);
    expect(shown[0]).toMatchObject({ signingSecretCount: 2 });
  });
});
