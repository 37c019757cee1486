import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../src/store/delivery-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { at, attempt, claim, input, T0 } from '../support/store-fixtures.js';

describe('MemoryStore settling attempts', () => {
  it('settles outcomes: attempts appended, deliveries moved on, leases cleared', async () => {
    const store = new MemoryStore();
    const [a, b, c] = [input(), input(), input()];
    for (const x of [a, b, c]) await store.enqueue(x);
    await claim(store);
    const outcomes: DeliveryOutcome[] = [
      {
        deliveryId: a.deliveryId,
        workerId: 'w1',
        attempt: { ...attempt(a.deliveryId), statusCode: 200, errorClass: null, error: null },
        status: 'delivered',
      },
      {
        deliveryId: b.deliveryId,
        workerId: 'w1',
        attempt: attempt(b.deliveryId),
        status: 'pending',
        nextAttemptAt: at(5_000),
        error: 'HTTP 500',
      },
      {
        deliveryId: c.deliveryId,
        workerId: 'w1',
        attempt: attempt(c.deliveryId),
        status: 'failed',
        error: 'HTTP 500',
      },
    ];
    await store.settle(outcomes);
    expect(await store.getDelivery(a.deliveryId)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      leaseOwner: null,
      updatedAt: at(12),
    });
    expect(await store.getDelivery(b.deliveryId)).toMatchObject({
      status: 'pending',
      nextAttemptAt: at(5_000),
      lastError: 'HTTP 500',
      leaseOwner: null,
    });
    expect(await store.getDelivery(c.deliveryId)).toMatchObject({
      status: 'failed',
      lastError: 'HTTP 500',
    });
    expect(await store.listAttempts(b.deliveryId)).toEqual([attempt(b.deliveryId)]);
    expect(await store.countPending()).toBe(1);
  });

  it('records the attempt but leaves the delivery alone when another worker holds the lease', async () => {
    const store = new MemoryStore();
    const a = input();
    await store.enqueue(a);
    await claim(store, { workerId: 'w1' });
    await claim(store, { workerId: 'w2', now: at(61_000) });
    await store.settle([
      {
        deliveryId: a.deliveryId,
        workerId: 'w1',
        attempt: attempt(a.deliveryId),
        status: 'failed',
        error: 'x',
      },
    ]);
    expect(await store.getDelivery(a.deliveryId)).toMatchObject({
      status: 'pending',
      leaseOwner: 'w2',
    });
    expect(await store.listAttempts(a.deliveryId)).toHaveLength(1);
  });

  it('keeps each endpoint failure run in outcome order and reports the failing endpoints', async () => {
    const store = new MemoryStore();
    const [a, b, c] = [
      input({ endpointId: 'a' }),
      input({ endpointId: 'a' }),
      input({ endpointId: 'b' }),
    ];
    for (const x of [a, b, c]) await store.enqueue(x);
    const fail = (id: string, ms: number): DeliveryOutcome => ({
      deliveryId: id,
      workerId: 'w1',
      attempt: attempt(id, 1, at(ms)),
      status: 'pending',
      nextAttemptAt: at(9_000),
      error: 'x',
    });
    const ok = (id: string): DeliveryOutcome => ({
      deliveryId: id,
      workerId: 'w1',
      attempt: attempt(id),
      status: 'delivered',
    });

    const first = await store.settle([
      fail(a.deliveryId, 100),
      fail(b.deliveryId, 200),
      fail(c.deliveryId, 300),
    ]);
    expect(
      first.failingEndpoints.map((e) => [e.id, e.consecutiveFailures, e.failingSince]),
    ).toEqual([
      ['a', 2, at(100)],
      ['b', 1, at(300)],
    ]);
    await store.updateEndpoint('b', { pausedUntil: at(50_000) });
    const second = await store.settle([fail(a.deliveryId, 400), ok(c.deliveryId)]);
    expect(
      second.failingEndpoints.map((e) => [e.id, e.consecutiveFailures, e.failingSince]),
    ).toEqual([['a', 3, at(100)]]);
    expect(await store.getEndpoint('b')).toMatchObject({
      consecutiveFailures: 0,
      failingSince: null,
      pausedUntil: null,
    });
    const healed = await store.settle([fail(a.deliveryId, 500), ok(a.deliveryId)]);
    expect(healed.failingEndpoints).toEqual([]);
  });

  it('ignores outcomes and releases for unknown deliveries or other workers', async () => {
    const store = new MemoryStore();
    const a = input();
    await store.enqueue(a);
    await claim(store, { workerId: 'w1' });
    await store.release([a.deliveryId, 'dlv_unknown'], 'w2');
    expect((await store.getDelivery(a.deliveryId))!.leaseOwner).toBe('w1');
    await store.release([a.deliveryId], 'w1');
    expect((await store.getDelivery(a.deliveryId))!.leaseOwner).toBeNull();
    await expect(
      store.settle([
        {
          deliveryId: 'dlv_unknown',
          workerId: 'w1',
          attempt: attempt('dlv_unknown'),
          status: 'delivered',
        },
      ]),
    ).resolves.toEqual({ failingEndpoints: [] });
  });

  it('redelivers: pending, due now, schedule restarted, lease dropped', async () => {
    const store = new MemoryStore();
    const a = input();
    await store.enqueue(a);
    await claim(store);
    await store.settle([
      {
        deliveryId: a.deliveryId,
        workerId: 'w1',
        attempt: attempt(a.deliveryId, 3),
        status: 'failed',
        error: 'x',
      },
    ]);
    const redelivered = await store.redeliver(a.deliveryId, at(1_000));
    expect(redelivered).toMatchObject({
      status: 'pending',
      attempts: 3,
      attemptBase: 3,
      nextAttemptAt: at(1_000),
      lastError: 'x',
    });
    expect(await store.countPending()).toBe(1);
    expect(await store.redeliver('dlv_unknown', T0)).toBeUndefined();
  });
});
