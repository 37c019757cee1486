import { generateSecret } from '@dramarelay/receiver-verify';
import { describe, expect, it } from 'vitest';
import { createNotifier, type Notifier } from '../../src/engine/create-notifier.js';
import { NotifierError } from '../../src/errors/notifier-error.js';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import type { RoutingStore } from '../../src/store/routing-store.js';
import { createFakeTransport, type FakeTransport, response } from './fake-transport.js';

// biome-ignore lint/suspicious/noExplicitAny: each store has its own transaction type
type BatchStore = DeliveryStore<any> & RoutingStore<any>;

const URL_A = 'https://hooks-a.example.com/dramarelay';
const URL_B = 'https://hooks-b.example.com/dramarelay';

/**
 * What a user of `enqueueMany` and `sendMany` notices, through a notifier over the store
 * `makeStore` returns (fresh and empty for each test), delivering to a fake transport.
 */
export function batchScenarios(makeStore: () => Promise<BatchStore> | BatchStore): void {
  const secret = generateSecret();
  const endpoint = { id: 'ep_a', url: URL_A, secrets: secret };
  const setup = async () => {
    const transport = createFakeTransport(() => response(200));
    // biome-ignore lint/suspicious/noExplicitAny: each store has its own transaction type
    const notifier: Notifier<any> = createNotifier({
      store: await makeStore(),
      transport,
      limits: { pollIntervalMs: 100 },
    });
    return { notifier, transport };
  };
  const deliverAll = async (notifier: Notifier<unknown>, transport: FakeTransport, n: number) => {
    let delivered = 0;
    const allDelivered = new Promise<void>((resolve) =>
      notifier.on('delivered', () => {
        if (++delivered === n) resolve();
      }),
    );
    await notifier.start();
    await allDelivered;
    await notifier.stop();
    return transport.requests.map((request) => request.headers['webhook-id']);
  };
  const requests = (n: number, extra: { orderingKey?: string } = {}) =>
    Array.from({ length: n }, (_, i) => ({
      endpoint,
      eventType: 'task.completed',
      payload: { i },
      ...extra,
    }));

  describe('enqueueMany and sendMany', () => {
    it('delivers 3,000 messages enqueued in one call, each exactly once', async () => {
      const { notifier, transport } = await setup();
      const receipts = await notifier.enqueueMany(requests(3_000));

      expect(receipts).toHaveLength(3_000);
      expect(receipts.every((receipt) => receipt.created)).toBe(true);
      const sent = await deliverAll(notifier, transport, 3_000);
      expect(sent).toHaveLength(3_000);
      expect(new Set(sent)).toEqual(new Set(receipts.map((receipt) => receipt.messageId)));
      expect(await notifier.store.countPending()).toBe(0);
    }, 120_000);

    it('refuses the whole call when request 1,234 is bad, naming it, and stores nothing', async () => {
      const { notifier } = await setup();
      const batch: unknown[] = requests(2_000);
      batch[1_234] = { endpoint, eventType: 'task.completed', payload: { n: 1n } };

      const refusal = await notifier.enqueueMany(batch as never).catch((error) => error);
      expect(refusal).toBeInstanceOf(NotifierError);
      expect(refusal).toMatchObject({ reason: 'invalid_payload', field: 'requests.1234.payload' });
      batch[1_234] = { endpoint: { url: 'ftp://x.example.com' }, eventType: 'task.completed' };
      await expect(notifier.enqueueMany(batch as never)).rejects.toMatchObject({
        reason: 'invalid_endpoint',
        field: 'requests.1234.endpoint.url',
      });
      await expect(notifier.sendMany([{ eventType: 'task.*', payload: {} }])).rejects.toMatchObject(
        { reason: 'invalid_event_type', field: 'requests.0.eventType' },
      );
      expect(await notifier.store.countPending()).toBe(0);
      expect(await notifier.store.listDeliveries()).toEqual([]);
      expect(await notifier.enqueueMany([])).toEqual([]);
    });

    it('gives a key repeated within a batch, or from an earlier call, the first receipt', async () => {
      const { notifier } = await setup();
      const [first, other, again] = await notifier.enqueueMany([
        { endpoint, eventType: 'task.completed', payload: 1, idempotencyKey: 'order-1' },
        { endpoint, eventType: 'task.completed', payload: 2 },
        { endpoint, eventType: 'task.completed', payload: 3, idempotencyKey: 'order-1' },
      ]);
      const [later] = await notifier.enqueueMany([
        { endpoint, eventType: 'task.completed', payload: 4, idempotencyKey: 'order-1' },
      ]);

      expect(first!.created).toBe(true);
      expect(other!.created).toBe(true);
      expect(again).toEqual({ ...first, created: false });
      expect(later).toEqual({ ...first, created: false });
      expect(await notifier.store.countPending()).toBe(2);
      expect(await notifier.store.getMessage(first!.messageId)).toMatchObject({
        body: new TextEncoder().encode('1'),
      });
    });

    it('delivers the messages of one ordering key in the order of the batch', async () => {
      const { notifier, transport } = await setup();
      const receipts = await notifier.enqueueMany(requests(20, { orderingKey: 'order-7' }));

      const sent = await deliverAll(notifier, transport, 20);
      expect(sent).toEqual(receipts.map((receipt) => receipt.messageId));
    }, 60_000);

    it('fans each message of sendMany out to the subscribed endpoints of its tenant only', async () => {
      const { notifier, transport } = await setup();
      const a = await notifier.endpoints.create({
        tenant: 'acme',
        url: URL_A,
        secrets: secret,
        eventTypes: ['task.*'],
      });
      await notifier.endpoints.create({
        tenant: 'acme',
        url: URL_B,
        secrets: secret,
        eventTypes: ['invoice.paid'],
      });
      await notifier.endpoints.create({ tenant: 'globex', url: URL_B, secrets: secret });
      const receipts = await notifier.sendMany([
        { tenant: 'acme', eventType: 'task.completed', payload: 1, idempotencyKey: 'k' },
        { tenant: 'acme', eventType: 'user.created', payload: 2 },
        { tenant: 'acme', eventType: 'task.failed', payload: 3, idempotencyKey: 'k' },
      ]);

      expect(receipts.map((receipt) => receipt.deliveries.map((d) => d.endpointId))).toEqual([
        [a.id],
        [],
        [a.id],
      ]);
      expect(receipts[2]).toEqual({ ...receipts[0], created: false });
      await deliverAll(notifier, transport, 1);
      expect(transport.requests.map((request) => request.url)).toEqual([URL_A]);
    });
  });
}
