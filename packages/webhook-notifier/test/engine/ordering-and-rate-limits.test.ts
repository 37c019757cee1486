import { describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/admin/create-admin.js';
import { NotifierError } from '../../src/errors/notifier-error.js';
import { response } from '../support/fake-transport.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

const once = { schedule: [], jitter: 'none' } as const;

describe('ordering keys through enqueue', () => {
  it('sends a key one message at a time, in enqueue order, beside other keys', async () => {
    const h = createHarness({ responder: () => response(200) });
    const first = await h.enqueue({ n: 1 }, { orderingKey: 'order-1' });
    await h.enqueue({ n: 2 }, { orderingKey: 'order-1' });
    await h.enqueue({ n: 3 }, { orderingKey: 'order-2' });

    const round = await h.notifier.runOnce();

    expect(round.claimed).toBe(2);
    expect(h.eventsNamed('delivered').map((e) => e.orderingKey)).toEqual(['order-1', 'order-2']);
    expect((await h.store.getDelivery(first.deliveryId))?.orderingKey).toBe('order-1');
    await h.notifier.runOnce();
    const bodies = h.transport.requests.map((r) => new TextDecoder().decode(r.body));
    expect(bodies).toEqual(['{"n":1}', '{"n":3}', '{"n":2}']);
  });

  it('reports the gap when a keyed delivery fails for good, and the next one goes', async () => {
    let status = 400;
    const h = createHarness({ responder: () => response(status), retry: once });
    const failed = await h.enqueue({ n: 1 }, { orderingKey: 'order-1' });
    await h.enqueue({ n: 2 }, { orderingKey: 'order-1' });
    await h.enqueue({ n: 3 });

    await h.notifier.runOnce();
    status = 200;
    await h.notifier.runOnce();

    expect(h.eventsNamed('ordering.skipped')).toEqual([
      {
        endpointId: ENDPOINT_URL,
        orderingKey: 'order-1',
        deliveryId: failed.deliveryId,
        messageId: failed.messageId,
        eventType: 'task.completed',
        reason: 'attempts_exhausted',
      },
    ]);
    expect(h.eventsNamed('delivered').map((e) => e.orderingKey)).toEqual(['order-1']);
    expect(h.logger.lines.filter((l) => l.msg === 'ordering.skipped')).toHaveLength(1);
  });

  it('refuses an ordering key that is not 1 to 256 characters, storing nothing', async () => {
    const h = createHarness();
    for (const orderingKey of ['', 'k'.repeat(257), 42]) {
      const refused = h.notifier.enqueue({
        endpoint: { url: ENDPOINT_URL, secrets: h.secret },
        eventType: 'task.completed',
        payload: {},
        orderingKey: orderingKey as string,
      });
      await expect(refused).rejects.toMatchObject({
        reason: 'invalid_ordering_key',
        field: 'orderingKey',
      });
    }
    expect(await h.store.countPending()).toBe(0);
  });
});

describe('rate limits through the admin surface', () => {
  it('sets, shows and removes an endpoint rate limit', async () => {
    const h = createHarness();
    await h.enqueue();
    const admin = createAdmin({ store: h.store });

    const limited = await admin.updateEndpoint(ENDPOINT_URL, { rateLimit: { perSecond: 0.5 } });
    expect(limited.rateLimit).toEqual({ perSecond: 0.5 });
    expect((await admin.updateEndpoint(ENDPOINT_URL, { rateLimit: null })).rateLimit).toBeNull();
  });

  it('refuses a rate of zero, a negative or an infinite one, naming rateLimit.perSecond', async () => {
    const h = createHarness();
    await h.enqueue();
    const admin = createAdmin({ store: h.store });
    for (const perSecond of [0, -1, Number.POSITIVE_INFINITY, Number.NaN, '5']) {
      const refused = admin.updateEndpoint(ENDPOINT_URL, {
        rateLimit: { perSecond: perSecond as number },
      });
      await expect(refused).rejects.toBeInstanceOf(NotifierError);
      await expect(refused).rejects.toMatchObject({
        reason: 'invalid_rate_limit',
        field: 'rateLimit.perSecond',
      });
    }
    expect((await h.store.getEndpoint(ENDPOINT_URL))?.rateLimit).toBeNull();
  });

  it('holds a limited endpoint to its bucket while another endpoint gets everything due', async () => {
    const h = createHarness({ responder: () => response(200) });
    for (let n = 0; n < 10; n++) await h.enqueue({ n });
    for (let n = 0; n < 3; n++) await h.enqueue({ n }, { url: 'https://other.example.com/hook' });
    await createAdmin({ store: h.store }).updateEndpoint(ENDPOINT_URL, {
      rateLimit: { perSecond: 4 },
    });

    await h.notifier.runOnce();
    const to = (url: string) => h.transport.requests.filter((r) => r.url === url).length;
    expect([to(ENDPOINT_URL), to('https://other.example.com/hook')]).toEqual([2, 3]);
    h.clock.advance(500);
    await h.notifier.runOnce();
    expect(to(ENDPOINT_URL)).toBe(4);
  });
});
