import { beforeEach, describe, expect, it } from 'vitest';
import type { OperableTestStore } from './admin-fixtures.js';
import { at, claimHelpers, delivered, enqueueInput, failed, HEALTHY_ENDPOINT } from './fixtures.js';
import { newEndpoint, sendInput } from './routing-fixtures.js';
import type { ConformanceSuite } from './store-conformance.js';

/** Endpoint records and fan-out (`RoutingStore`): both stores agree row for row. */
export function routingCases(suite: ConformanceSuite): void {
  describe('endpoint records', () => {
    let store: OperableTestStore;
    beforeEach(() => {
      store = suite.store();
    });

    it('stores a registered endpoint with its tenant, subscriptions, labels and overrides', async () => {
      const input = newEndpoint('ep_a', {
        eventTypes: ['submission.rejected', 'task.*'],
        description: 'Acme production',
        metadata: { team: 'billing', region: 'eu' },
        timeoutMs: 2_000,
        concurrency: 3,
      });
      const created = await store.createEndpoint(input, at(1));

      const expected = {
        ...input,
        ...HEALTHY_ENDPOINT,
        registered: true,
        deletedAt: null,
      };
      expect(created).toEqual(expected);
      expect(await store.getEndpoint('ep_a')).toEqual(expected);
      expect(await store.listEndpointRecords({ limit: 10 })).toEqual([expected]);
    });

    it('stores an endpoint created disabled as disabled by hand, and sends it nothing', async () => {
      await store.createEndpoint(newEndpoint('ep_a', { status: 'disabled' }), at(1));

      expect(await store.getEndpoint('ep_a')).toMatchObject({
        status: 'disabled',
        disabledCause: 'manual',
        disabledAt: at(1),
      });
      expect((await store.send(sendInput(2, 'task.completed'))).deliveries).toEqual([]);
    });

    it('refuses a second live endpoint with the same id', async () => {
      await store.createEndpoint(newEndpoint('ep_a'), at(1));
      const again = await store.createEndpoint(
        newEndpoint('ep_a', { url: 'https://other.example.com/' }),
        at(2),
      );
      expect(again).toEqual({ conflict: 'id' });
      expect(await store.getEndpoint('ep_a')).toMatchObject({ url: newEndpoint('ep_a').url });
    });

    it('refuses the same URL and event types twice for one tenant, but not across tenants or types', async () => {
      const url = 'https://hooks.example.com/shared';
      await store.createEndpoint(newEndpoint('ep_a', { url, eventTypes: ['task.*'] }), at(1));

      expect(
        await store.createEndpoint(newEndpoint('ep_b', { url, eventTypes: ['task.*'] }), at(2)),
      ).toEqual({ conflict: 'route' });
      expect(await store.getEndpoint('ep_b')).toBeUndefined();
      const otherTenant = newEndpoint('ep_c', { url, tenant: 'globex', eventTypes: ['task.*'] });
      expect(await store.createEndpoint(otherTenant, at(3))).toMatchObject({ id: 'ep_c' });
      const otherTypes = newEndpoint('ep_d', { url, eventTypes: ['task.completed'] });
      expect(await store.createEndpoint(otherTypes, at(4))).toMatchObject({ id: 'ep_d' });
      const noTenant = newEndpoint('ep_e', { url, tenant: null, eventTypes: ['task.*'] });
      expect(await store.createEndpoint(noTenant, at(5))).toMatchObject({ id: 'ep_e' });
      const noTenantAgain = newEndpoint('ep_f', { url, tenant: null, eventTypes: ['task.*'] });
      expect(await store.createEndpoint(noTenantAgain, at(6))).toEqual({ conflict: 'route' });
    });

    it('takes over an inline endpoint with the same id, its deliveries included', async () => {
      await store.enqueue(enqueueInput(1, { endpointId: 'ep_a' }));
      const created = await store.createEndpoint(
        newEndpoint('ep_a', { eventTypes: ['task.completed'] }),
        at(2),
      );

      expect(created).toMatchObject({ id: 'ep_a', registered: true, tenant: 'acme' });
      expect(await store.getDelivery('dlv_0001')).toMatchObject({
        endpointId: 'ep_a',
        status: 'pending',
      });
      const sent = await store.send(sendInput(3, 'task.completed'));
      expect(sent.deliveries.map((d) => d.endpointId)).toEqual(['ep_a']);
    });

    it('changes fields of a live record, refusing a route another one holds', async () => {
      const url = 'https://hooks.example.com/shared';
      await store.createEndpoint(newEndpoint('ep_a', { url, eventTypes: ['task.*'] }), at(1));
      await store.createEndpoint(newEndpoint('ep_b', { url, eventTypes: ['user.*'] }), at(2));

      const updated = await store.updateEndpointRecord('ep_b', {
        description: 'users',
        metadata: { plan: 'pro' },
        timeoutMs: 500,
        concurrency: 1,
      });
      expect(updated).toMatchObject({
        id: 'ep_b',
        description: 'users',
        metadata: { plan: 'pro' },
        timeoutMs: 500,
        concurrency: 1,
        eventTypes: ['user.*'],
      });
      expect(await store.updateEndpointRecord('ep_b', { eventTypes: ['task.*'] })).toEqual({
        conflict: 'route',
      });
      expect(await store.getEndpoint('ep_b')).toMatchObject({ eventTypes: ['user.*'] });
      expect(await store.updateEndpointRecord('ep_b', { timeoutMs: null })).toMatchObject({
        timeoutMs: null,
        concurrency: 1,
      });
    });

    it('changes only live registered endpoints', async () => {
      await store.enqueue(enqueueInput(1, { endpointId: 'ep_inline' }));
      expect(await store.updateEndpointRecord('ep_inline', { description: 'x' })).toBeUndefined();
      expect(await store.updateEndpointRecord('ep_missing', { description: 'x' })).toBeUndefined();
      await store.createEndpoint(newEndpoint('ep_a'), at(2));
      await store.deleteEndpoint('ep_a', at(3));
      expect(await store.updateEndpointRecord('ep_a', { description: 'x' })).toBeUndefined();
    });

    it('deletes an endpoint: its pending deliveries are cancelled, its history kept', async () => {
      const { claim } = claimHelpers(() => store);
      await store.createEndpoint(newEndpoint('ep_a'), at(1));
      await store.createEndpoint(newEndpoint('ep_b'), at(1));
      await store.send(sendInput(2, 'task.completed'));
      await claim('worker-a', at(3), 1);
      await store.settle([delivered('dlv_s0002_000001', 'worker-a', 1, at(3))]);
      await store.send(sendInput(4, 'task.completed'));
      const [inFlight] = await claim('worker-a', at(5), 1, { skipEndpointIds: ['ep_b'] });
      expect(inFlight?.delivery.id).toBe('dlv_s0004_000001');

      expect(await store.deleteEndpoint('ep_a', at(6))).toBe(true);

      expect(await store.getDelivery('dlv_s0002_000001')).toMatchObject({ status: 'delivered' });
      expect(await store.getDelivery('dlv_s0004_000001')).toMatchObject({
        status: 'cancelled',
        leaseOwner: null,
      });
      expect(await store.getDelivery('dlv_s0004_000002')).toMatchObject({ status: 'pending' });
      // The attempt in flight at the delete is logged, but cannot bring the delivery back.
      await store.settle([delivered('dlv_s0004_000001', 'worker-a', 1, at(7))]);
      expect(await store.getDelivery('dlv_s0004_000001')).toMatchObject({ status: 'cancelled' });
      expect(await store.listAttempts('dlv_s0004_000001')).toHaveLength(1);
      expect(await store.getEndpoint('ep_a')).toMatchObject({
        deletedAt: at(6),
        status: 'disabled',
      });
      expect((await store.listEndpointRecords({ limit: 10 })).map((e) => e.id)).toEqual(['ep_b']);
      const after = await store.send(sendInput(8, 'task.completed'));
      expect(after.deliveries.map((d) => d.endpointId)).toEqual(['ep_b']);
      expect(await store.deleteEndpoint('ep_a', at(9))).toBe(false);
      expect(await store.countPending()).toBe(3);
    });

    it('frees the id and the route of a deleted endpoint', async () => {
      await store.createEndpoint(newEndpoint('ep_a'), at(1));
      await store.deleteEndpoint('ep_a', at(2));

      expect(await store.createEndpoint(newEndpoint('ep_b'), at(3))).toMatchObject({ id: 'ep_b' });
      await store.deleteEndpoint('ep_b', at(4));
      const again = await store.createEndpoint(newEndpoint('ep_a'), at(5));
      expect(again).toMatchObject({ id: 'ep_a', deletedAt: null, status: 'active' });
    });

    it('never deletes an inline endpoint', async () => {
      await store.enqueue(enqueueInput(1, { endpointId: 'ep_inline' }));
      expect(await store.deleteEndpoint('ep_inline', at(2))).toBe(false);
      expect(await store.getDelivery('dlv_0001')).toMatchObject({ status: 'pending' });
    });

    it('lists by tenant, by event type reached, a page at a time', async () => {
      await store.createEndpoint(newEndpoint('ep_a', { eventTypes: ['task.*'] }), at(1));
      await store.createEndpoint(newEndpoint('ep_b', { eventTypes: ['user.created'] }), at(1));
      await store.createEndpoint(newEndpoint('ep_c'), at(1));
      await store.createEndpoint(newEndpoint('ep_d', { tenant: 'globex' }), at(1));
      await store.createEndpoint(newEndpoint('ep_e', { tenant: null }), at(1));
      await store.enqueue(enqueueInput(2, { endpointId: 'ep_inline' }));
      const ids = async (options: Parameters<OperableTestStore['listEndpointRecords']>[0]) =>
        (await store.listEndpointRecords(options)).map((e) => e.id);

      expect(await ids({ limit: 10 })).toEqual(['ep_a', 'ep_b', 'ep_c', 'ep_d', 'ep_e']);
      expect(await ids({ limit: 10, tenant: 'acme' })).toEqual(['ep_a', 'ep_b', 'ep_c']);
      expect(await ids({ limit: 10, tenant: null })).toEqual(['ep_e']);
      expect(await ids({ limit: 10, tenant: 'acme', eventType: 'task.completed' })).toEqual([
        'ep_a',
        'ep_c',
      ]);
      expect(await ids({ limit: 2, tenant: 'acme', after: 'ep_a' })).toEqual(['ep_b', 'ep_c']);
    });
  });

  describe('send (fan-out)', () => {
    let store: OperableTestStore;
    beforeEach(() => {
      store = suite.store();
    });

    it("stores the message once and a pending delivery for each of the tenant's subscribers", async () => {
      await store.createEndpoint(newEndpoint('ep_b', { eventTypes: ['task.completed'] }), at(1));
      await store.createEndpoint(newEndpoint('ep_a'), at(1));
      await store.createEndpoint(newEndpoint('ep_c', { eventTypes: ['user.*'] }), at(1));
      await store.createEndpoint(newEndpoint('ep_d', { tenant: 'globex' }), at(1));
      await store.enqueue(enqueueInput(1, { endpointId: 'ep_inline' }));
      const input = sendInput(5, 'task.completed');

      const sent = await store.send(input);

      expect(sent.created).toBe(true);
      expect(sent.message).toEqual(input.message);
      expect(await store.getMessage('msg_s0005')).toEqual(input.message);
      const pending = {
        messageId: 'msg_s0005',
        status: 'pending',
        attempts: 0,
        attemptBase: 0,
        nextAttemptAt: at(5),
        leaseOwner: null,
        leaseExpiresAt: null,
        lastError: null,
        lastStatusCode: null,
        lastAttemptAt: null,
        createdAt: at(5),
        updatedAt: at(5),
        orderingKey: null,
      };
      expect(sent.deliveries).toEqual([
        { ...pending, id: 'dlv_s0005_000001', endpointId: 'ep_a' },
        { ...pending, id: 'dlv_s0005_000002', endpointId: 'ep_b' },
      ]);
      expect(await store.getDelivery('dlv_s0005_000002')).toEqual(sent.deliveries[1]);
      expect(await store.countPending()).toBe(3);
    });

    it('matches exact types and prefix wildcards, literally', async () => {
      const subscriptions: Record<string, string[]> = {
        ep_all: [],
        ep_task: ['task.*'],
        ep_completed: ['task.completed'],
        ep_deep: ['task.completed.*'],
        ep_bare: ['task'],
        ep_mixed: ['submission.*', 'task.created'],
        // `_` and `%` mean nothing special.
        ep_like: ['ta_k.*', '%.*'],
      };
      for (const [id, eventTypes] of Object.entries(subscriptions)) {
        await store.createEndpoint(newEndpoint(id, { eventTypes }), at(1));
      }
      const reached = async (n: number, eventType: string) =>
        (await store.send(sendInput(n, eventType))).deliveries.map((d) => d.endpointId);

      expect(await reached(2, 'task.completed')).toEqual(['ep_all', 'ep_completed', 'ep_task']);
      expect(await reached(3, 'task.created')).toEqual(['ep_all', 'ep_mixed', 'ep_task']);
      expect(await reached(4, 'task')).toEqual(['ep_all', 'ep_bare']);
      expect(await reached(5, 'task.completed.late')).toEqual(['ep_all', 'ep_deep', 'ep_task']);
      expect(await reached(6, 'taskx.completed')).toEqual(['ep_all']);
      expect(await reached(7, 'submission.rejected')).toEqual(['ep_all', 'ep_mixed']);
      expect(await reached(8, '%.x')).toEqual(['ep_all', 'ep_like']);
      expect(await reached(9, 'tark.done')).toEqual(['ep_all']);
    });

    it('stores a message that no endpoint subscribes to, and says so', async () => {
      await store.createEndpoint(newEndpoint('ep_a', { eventTypes: ['user.*'] }), at(1));

      const sent = await store.send(sendInput(2, 'task.completed'));

      expect(sent).toMatchObject({ created: true, deliveries: [] });
      expect(await store.getMessage('msg_s0002')).toMatchObject({ eventType: 'task.completed' });
      expect(await store.countPending()).toBe(0);
    });

    it('skips disabled and deleted endpoints, and paused ones still get theirs', async () => {
      await store.createEndpoint(newEndpoint('ep_a'), at(1));
      await store.createEndpoint(newEndpoint('ep_b'), at(1));
      await store.createEndpoint(newEndpoint('ep_c'), at(1));
      await store.createEndpoint(newEndpoint('ep_d'), at(1));
      await store.updateEndpoint('ep_a', { status: 'disabled', disabledCause: 'gone' });
      await store.updateEndpointRecord('ep_b', { status: 'disabled' });
      await store.deleteEndpoint('ep_c', at(2));
      await store.updateEndpoint('ep_d', { pausedUntil: at(60_000) });

      const sent = await store.send(sendInput(3, 'task.completed'));
      expect(sent.deliveries.map((d) => d.endpointId)).toEqual(['ep_d']);
    });

    it('sends to the endpoints without a tenant only when the message has none', async () => {
      await store.createEndpoint(newEndpoint('ep_a'), at(1));
      await store.createEndpoint(newEndpoint('ep_b', { tenant: null }), at(1));

      const sent = await store.send(sendInput(2, 'task.completed', { tenant: null }));
      expect(sent.deliveries.map((d) => d.endpointId)).toEqual(['ep_b']);
      expect(sent.message.tenant).toBeNull();
    });

    it('keeps idempotency keys per tenant: a repeat returns the first message and its deliveries', async () => {
      await store.createEndpoint(newEndpoint('ep_a'), at(1));
      await store.createEndpoint(newEndpoint('ep_b'), at(1));
      await store.createEndpoint(newEndpoint('ep_g', { tenant: 'globex' }), at(1));
      const first = await store.send(sendInput(2, 'task.completed', { key: 'order-42' }));
      await store.createEndpoint(newEndpoint('ep_c'), at(3));

      const again = await store.send(sendInput(4, 'task.completed', { key: 'order-42' }));
      const otherTenant = await store.send(
        sendInput(5, 'task.completed', { key: 'order-42', tenant: 'globex' }),
      );
      const inline = await store.enqueue(enqueueInput(6, { key: 'order-42' }));

      expect(again).toEqual({ ...first, created: false });
      expect(await store.getMessage('msg_s0004')).toBeUndefined();
      expect(otherTenant.created).toBe(true);
      expect(otherTenant.deliveries.map((d) => d.endpointId)).toEqual(['ep_g']);
      expect(inline.created).toBe(true);
      expect(await store.countPending()).toBe(4);
    });

    it('repeats a send that reached nobody as reaching nobody', async () => {
      await store.send(sendInput(1, 'task.completed', { key: 'k' }));
      await store.createEndpoint(newEndpoint('ep_a'), at(2));
      const again = await store.send(sendInput(3, 'task.completed', { key: 'k' }));
      expect(again).toMatchObject({ created: false, deliveries: [] });
      expect(again.message.id).toBe('msg_s0001');
    });

    it('refuses an inline enqueue repeating the key of a send without tenant that reached nobody', async () => {
      await store.send(sendInput(1, 'task.completed', { key: 'k', tenant: null }));
      await expect(store.enqueue(enqueueInput(2, { key: 'k' }))).rejects.toMatchObject({
        reason: 'invalid_idempotency_key',
        field: 'idempotencyKey',
      });
      expect(await store.getMessage('msg_0002')).toBeUndefined();
    });

    it('hands out fanned-out deliveries to workers with their message and endpoint', async () => {
      const { claim } = claimHelpers(() => store);
      await store.createEndpoint(newEndpoint('ep_a', { timeoutMs: 1_500, concurrency: 2 }), at(1));
      await store.send(sendInput(2, 'task.completed'));

      const [claimed] = await claim('worker-a', at(3));
      expect(claimed?.message).toMatchObject({ id: 'msg_s0002', tenant: 'acme' });
      expect(claimed?.endpoint).toMatchObject({ id: 'ep_a', timeoutMs: 1_500, concurrency: 2 });
    });
  });

  describe("the operator's queries, by tenant", () => {
    let store: OperableTestStore;
    beforeEach(() => {
      store = suite.store();
    });

    /** acme: ep_a, ep_b; globex: ep_g; no tenant: ep_n; inline: ep_a's namesake ep_inline. */
    async function seedTenants() {
      const { claim } = claimHelpers(() => store);
      await store.createEndpoint(newEndpoint('ep_a'), at(0));
      await store.createEndpoint(newEndpoint('ep_b'), at(0));
      await store.createEndpoint(newEndpoint('ep_g', { tenant: 'globex' }), at(0));
      await store.createEndpoint(newEndpoint('ep_n', { tenant: null }), at(0));
      await store.enqueue(enqueueInput(1, { endpointId: 'ep_inline', now: at(1_000) }));
      await store.send(sendInput(2_000, 'task.completed'));
      await store.send(sendInput(3_000, 'task.completed', { tenant: 'globex' }));
      await store.send(sendInput(4_000, 'task.completed', { tenant: null }));
      const claimed = await claim('worker-a', at(5_000), 10);
      await store.settle(
        claimed.map(({ delivery }) => failed(delivery.id, 'worker-a', 1, at(5_000))),
      );
    }
    const endpointsOf = (rows: { endpointId: string }[]) =>
      [...new Set(rows.map((row) => row.endpointId))].sort();

    it('lists endpoints of one tenant, or of none, and leaves deleted records out', async () => {
      await seedTenants();
      await store.deleteEndpoint('ep_b', at(6_000));
      const ids = async (tenant: string | null | undefined) =>
        (await store.listEndpoints({ limit: 10, ...(tenant !== undefined && { tenant }) })).map(
          (e) => e.id,
        );

      expect(await ids('acme')).toEqual(['ep_a']);
      expect(await ids(null)).toEqual(['ep_inline', 'ep_n']);
      expect(await ids(undefined)).toEqual(['ep_a', 'ep_g', 'ep_inline', 'ep_n']);
      expect(await store.listEndpoints({ limit: 10, ids: ['ep_b'] })).toMatchObject([
        { id: 'ep_b', deletedAt: at(6_000) },
      ]);
    });

    it("searches, counts, replays and measures one tenant's deliveries only", async () => {
      await seedTenants();
      const window = { since: at(0), until: at(10_000) };

      const log = await store.searchDeliveries({ filter: { tenant: 'acme' }, limit: 10 });
      expect(endpointsOf(log)).toEqual(['ep_a', 'ep_b']);
      const none = await store.searchDeliveries({ filter: { tenant: null }, limit: 10 });
      expect(endpointsOf(none)).toEqual(['ep_inline', 'ep_n']);
      expect(await store.countReplayable({ status: 'failed', tenant: 'globex' })).toEqual({
        matched: 1,
        onDisabledEndpoints: 0,
      });
      const stats = await store.deliveryStats({ ...window, tenant: 'acme' });
      expect(stats.overall).toMatchObject({ deliveries: 2, failed: 2, attempts: 2 });
      expect(stats.endpoints.map((row) => row.endpointId)).toEqual(['ep_a', 'ep_b']);

      const replayed = await store.replayBatch(
        { status: 'failed', tenant: 'acme' },
        { limit: 10, now: at(20_000) },
      );
      expect(replayed.replayed).toBe(2);
      expect(await store.countPending()).toBe(2);
    });
  });
}
