import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { at, claim, input, T0 } from '../support/store-fixtures.js';

describe('MemoryStore', () => {
  it('stores a message, its endpoint and a pending delivery due now', async () => {
    const store = new MemoryStore();
    const result = await store.enqueue(input());
    expect(result.created).toBe(true);
    expect(result.delivery).toMatchObject({
      status: 'pending',
      attempts: 0,
      attemptBase: 0,
      nextAttemptAt: T0,
    });
    expect(await store.getEndpoint('ep-1')).toMatchObject({
      status: 'active',
      consecutiveFailures: 0,
    });
    expect(await store.countPending()).toBe(1);
  });

  it('returns the first message for a repeated idempotency key', async () => {
    const store = new MemoryStore();
    const first = await store.enqueue(input({ key: 'k' }));
    const again = await store.enqueue(input({ key: 'k' }));
    expect(again).toEqual({ ...first, created: false });
    expect(await store.countPending()).toBe(1);
  });

  it('copies records in and out, so callers cannot change what it holds', async () => {
    const store = new MemoryStore();
    const data = input();
    await store.enqueue(data);
    data.message.body[0] = 0;
    const message = (await store.getMessage(data.message.id))!;
    expect(message.body[0]).toBe('{'.charCodeAt(0));
    message.body[0] = 0;
    (await store.getEndpoint('ep-1'))!.secrets.push('stolen');
    expect((await store.getMessage(data.message.id))!.body[0]).toBe('{'.charCodeAt(0));
    expect((await store.getEndpoint('ep-1'))!.secrets).toEqual(['whsec_c2VjcmV0']);
  });

  it('leases due deliveries oldest first, and not again until the lease expires', async () => {
    const store = new MemoryStore();
    const late = input({ now: at(1_000) });
    const early = input({ now: at(-1_000) });
    await store.enqueue(late);
    await store.enqueue(early);
    expect(await claim(store, { now: at(0) })).toHaveLength(1);
    const both = await claim(store, { now: at(1_000), workerId: 'w2' });
    expect(both.map((c) => c.delivery.id)).toEqual([late.deliveryId]);
    expect(both[0]!.delivery).toMatchObject({ leaseOwner: 'w2', leaseExpiresAt: at(61_000) });
    expect(both[0]!.message.id).toBe(late.message.id);
    expect(await claim(store, { now: at(59_999) })).toEqual([]);
    const retaken = await claim(store, { now: at(61_000), workerId: 'w3' });
    expect(retaken.map((c) => c.delivery.id).sort()).toEqual(
      [late.deliveryId, early.deliveryId].sort(),
    );
  });

  it('honours limit, skipped endpoints and the per-endpoint limit', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 3; i++) await store.enqueue(input({ endpointId: 'a' }));
    for (let i = 0; i < 3; i++) await store.enqueue(input({ endpointId: 'b' }));
    expect(await claim(store, { limit: 2 })).toHaveLength(2);
    await store.release(
      (await store.listDeliveries()).map((d) => d.id),
      'w1',
    );
    const skipped = await claim(store, { skipEndpointIds: ['a'] });
    expect(skipped.map((c) => c.endpoint.id)).toEqual(['b', 'b', 'b']);
    await store.release(
      skipped.map((c) => c.delivery.id),
      'w1',
    );
    const capped = await claim(store, { perEndpointLimit: 1 });
    expect(capped.map((c) => c.endpoint.id).sort()).toEqual(['a', 'b']);
  });

  it('skips disabled endpoints and endpoints paused into the future', async () => {
    const store = new MemoryStore();
    await store.enqueue(input({ endpointId: 'a' }));
    await store.enqueue(input({ endpointId: 'b' }));
    await store.updateEndpoint('a', { status: 'disabled', disabledReason: 'gone' });
    await store.updateEndpoint('b', { pausedUntil: at(30_000) });
    expect(await claim(store)).toEqual([]);
    expect((await claim(store, { now: at(30_000) })).map((c) => c.endpoint.id)).toEqual(['b']);
  });

  it('lists deliveries by status, endpoint and message, in id order with cursor pagination', async () => {
    const store = new MemoryStore();
    const made = [
      input({ endpointId: 'a' }),
      input({ endpointId: 'b' }),
      input({ endpointId: 'a' }),
    ];
    for (const x of made) await store.enqueue(x);
    const ids = made.map((x) => x.deliveryId);
    expect((await store.listDeliveries()).map((d) => d.id)).toEqual(ids);
    expect((await store.listDeliveries({ endpointId: 'a' })).map((d) => d.id)).toEqual([
      ids[0],
      ids[2],
    ]);
    expect(
      (await store.listDeliveries({ messageId: made[1]!.message.id })).map((d) => d.id),
    ).toEqual([ids[1]]);
    expect(await store.listDeliveries({ status: 'failed' })).toEqual([]);
    expect((await store.listDeliveries({ limit: 1, after: ids[0] })).map((d) => d.id)).toEqual([
      ids[1],
    ]);
  });

  it('answers undefined for unknown records', async () => {
    const store = new MemoryStore();
    expect(await store.getEndpoint('x')).toBeUndefined();
    expect(await store.getMessage('x')).toBeUndefined();
    expect(await store.getDelivery('x')).toBeUndefined();
    expect(await store.updateEndpoint('x', { status: 'active' })).toBeUndefined();
    expect(await store.listAttempts('x')).toEqual([]);
  });

  it('wakes subscribers on enqueue, redelivery and re-enabling, until they unsubscribe', async () => {
    const store = new MemoryStore();
    const wakes: string[] = [];
    const unsubscribe = await store.subscribe(() => wakes.push('wake'));
    await store.subscribe(() => {
      throw new Error('a broken subscriber');
    });
    const a = input();
    await store.enqueue(a);
    await Promise.resolve();
    expect(wakes).toEqual(['wake']);
    await store.updateEndpoint('ep-1', { status: 'disabled' });
    await store.updateEndpoint('ep-1', { status: 'active' });
    await store.redeliver(a.deliveryId, T0);
    await Promise.resolve();
    expect(wakes).toEqual(['wake', 'wake', 'wake']);
    await unsubscribe();
    await store.enqueue(input());
    await Promise.resolve();
    expect(wakes).toHaveLength(3);
  });

  it('updates url, scheme and secrets of a known endpoint but keeps its health', async () => {
    const store = new MemoryStore();
    await store.enqueue(input());
    await store.updateEndpoint('ep-1', { consecutiveFailures: 3 });
    const next = input();
    next.endpoint = { ...next.endpoint, url: 'https://new.example.com/x', secrets: ['whsec_bmV3'] };
    await store.enqueue(next);
    expect(await store.getEndpoint('ep-1')).toMatchObject({
      url: 'https://new.example.com/x',
      secrets: ['whsec_bmV3'],
      consecutiveFailures: 3,
    });
  });
});
