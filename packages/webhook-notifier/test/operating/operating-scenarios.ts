import { generateSecret, verify } from '@dramarelay/receiver-verify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotifierOptions } from '../../src/engine/options.js';
import type { HttpRequest } from '../../src/http/transport.js';
import type { RetryPolicy } from '../../src/retry/retry-policy.js';
import type { DeliveryAdminStore } from '../../src/store/admin-store.js';
import type { DeliveryStore } from '../../src/store/delivery-store.js';
import { response } from '../support/fake-transport.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

export type ScenarioStore = DeliveryStore<never> & DeliveryAdminStore;

export interface ScenarioHarness {
  store: ScenarioStore;
  close?(): Promise<void>;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** One retry a second later, then failed: outages end in `failed` within two rounds. */
const ONE_RETRY: RetryPolicy = { schedule: [1_000], jitter: 'none' };
/** No pause in these stories: the breaker is tested elsewhere. */
const NO_BREAKER = { failureThreshold: Number.POSITIVE_INFINITY };

/**
 * The five stories of issue 12, told as an operator would live them, against a real
 * notifier (fake clock and transport) over the given store. Each failed before the admin
 * surface existed: a dead end, or a call that did not exist.
 */
export function describeOperatingScenarios(
  name: string,
  makeStore: () => Promise<ScenarioHarness> | ScenarioHarness,
): void {
  describe(`${name}: operating deliveries`, () => {
    let harness: ScenarioHarness;
    beforeEach(async () => {
      harness = await makeStore();
    });
    afterEach(async () => {
      await harness.close?.();
    });
    const setUp = (
      responder: (request: HttpRequest) => number,
      extra: Partial<Omit<NotifierOptions, 'store' | 'transport'>> = {},
    ) => {
      const h = createHarness({
        store: harness.store,
        responder: (request) => response(responder(request)),
        retry: ONE_RETRY,
        breaker: NO_BREAKER,
        ...extra,
      });
      return { ...h, admin: h.notifier.admin };
    };

    it('shows why a 410 disabled an endpoint, refuses to redeliver into it, and heals after enable and replay', async () => {
      let status = 410;
      const h = setUp(() => status);
      const first = await h.enqueue({ n: 1 });
      await h.notifier.runOnce();
      h.clock.advance(MINUTE);
      const later = [await h.enqueue({ n: 2 }), await h.enqueue({ n: 3 })];
      expect(await h.notifier.runOnce()).toMatchObject({ claimed: 0 });

      const health = await h.admin.getEndpoint(ENDPOINT_URL);
      expect(health).toMatchObject({
        state: 'disabled',
        disabledCause: 'gone',
        disabledReason: 'the endpoint answered 410 Gone',
        disabledAt: new Date(Date.UTC(2026, 0, 1)),
        lastFailureAt: new Date(Date.UTC(2026, 0, 1)),
        lastSuccessAt: null,
        pendingCount: 2,
      });
      expect((await h.admin.listEndpoints()).endpoints).toEqual([health]);
      for (const id of [first.deliveryId, later[0]!.deliveryId]) {
        await expect(h.notifier.redeliver(id)).rejects.toMatchObject({
          name: 'NotifierError',
          reason: 'endpoint_disabled',
          endpointId: ENDPOINT_URL,
        });
        await expect(h.admin.redeliver(id)).rejects.toMatchObject({ reason: 'endpoint_disabled' });
      }
      await expect(h.admin.replay({ endpointId: ENDPOINT_URL })).rejects.toMatchObject({
        reason: 'endpoint_disabled',
      });
      expect(h.transport.requests).toHaveLength(1);

      status = 200;
      expect(await h.admin.enableEndpoint(ENDPOINT_URL)).toMatchObject({
        state: 'active',
        disabledCause: null,
        disabledAt: null,
      });
      expect(await h.admin.replay({ endpointId: ENDPOINT_URL, dryRun: true })).toMatchObject({
        matched: 1,
        onDisabledEndpoints: 0,
      });
      expect(await h.admin.replay({ endpointId: ENDPOINT_URL })).toMatchObject({ replayed: 1 });
      expect(await h.notifier.runOnce()).toMatchObject({ delivered: 3 });
      expect(await h.admin.getEndpoint(ENDPOINT_URL)).toMatchObject({
        state: 'active',
        pendingCount: 0,
        lastSuccessAt: new Date(Date.UTC(2026, 0, 1) + MINUTE),
      });
    });

    it('sends waiting deliveries to the new URL, signed with both secrets during a rotation and the new one after', async () => {
      const newUrl = 'https://hooks.example.com/v2';
      const h = setUp((request) => (request.url === newUrl ? 200 : 503));
      const newSecret = generateSecret();
      const waiting = await h.enqueue({ n: 1 });
      expect(await h.notifier.runOnce()).toMatchObject({ retried: 1 });

      await h.admin.updateEndpoint(ENDPOINT_URL, { url: newUrl });
      expect(
        await h.admin.rotateSecret(ENDPOINT_URL, { secrets: newSecret, overlapMs: 60 * MINUTE }),
      ).toMatchObject({
        url: newUrl,
        signingSecretCount: 2,
        previousSecretsExpireAt: new Date(h.clock.now() + 60 * MINUTE),
      });
      h.clock.advance(1_000);
      expect(await h.notifier.runOnce()).toMatchObject({ delivered: 1 });

      const now = () => h.clock.now();
      const during = h.transport.requests[1]!;
      expect(during.url).toBe(newUrl);
      expect(during.headers['webhook-id']).toBe(waiting.messageId);
      await expect(verify(during.body, during.headers, h.secret, { now })).resolves.toEqual({
        n: 1,
      });
      await expect(verify(during.body, during.headers, newSecret, { now })).resolves.toEqual({
        n: 1,
      });

      h.clock.advance(60 * MINUTE);
      await h.notifier.enqueue({
        endpoint: { id: ENDPOINT_URL, url: newUrl, secrets: newSecret },
        eventType: 'task.completed',
        payload: { n: 2 },
      });
      await h.notifier.runOnce();
      const after = h.transport.requests[2]!;
      await expect(verify(after.body, after.headers, newSecret, { now })).resolves.toEqual({
        n: 2,
      });
      await expect(verify(after.body, after.headers, h.secret, { now })).rejects.toMatchObject({
        reason: 'no_matching_signature',
      });
      expect(await h.admin.getEndpoint(ENDPOINT_URL)).toMatchObject({
        signingSecretCount: 1,
        previousSecretsExpireAt: null,
      });
    });

    it('brings back every delivery an outage failed with one replay by filter, and a second replay finds none', async () => {
      let down = true;
      const h = setUp(() => (down ? 503 : 200), { limits: { batchSize: 100 } });
      for (let n = 0; n < 12; n++) await h.enqueue({ n }, { endpointId: 'ep-a' });
      await h.notifier.enqueue({
        endpoint: { id: 'ep-b', url: 'https://b.example.com/hook', secrets: h.secret },
        eventType: 'other.event',
        payload: {},
      });
      await h.notifier.runOnce();
      h.clock.advance(1_000);
      expect(await h.notifier.runOnce()).toMatchObject({ failed: 13 });

      expect(await h.admin.replay({ endpointId: 'ep-a', dryRun: true })).toEqual({
        dryRun: true,
        matched: 12,
        onDisabledEndpoints: 0,
        replayed: 0,
        batches: 0,
        cursor: null,
      });
      const first = await h.admin.replay({ endpointId: 'ep-a', batchSize: 5, maxBatches: 1 });
      expect(first).toMatchObject({ replayed: 5, batches: 1, cursor: expect.any(String) });
      const progress: number[] = [];
      const rest = await h.admin.replay({
        endpointId: 'ep-a',
        batchSize: 5,
        cursor: first.cursor!,
        onProgress: (p) => progress.push(p.replayed),
      });
      expect(rest).toMatchObject({ replayed: 7, batches: 2, cursor: null });
      expect(progress).toEqual([5, 7]);
      expect(await h.admin.replay({ endpointId: 'ep-a' })).toMatchObject({ replayed: 0 });

      down = false;
      expect(await h.notifier.runOnce()).toMatchObject({ claimed: 12, delivered: 12 });
      expect(await h.admin.replay({ dryRun: true })).toMatchObject({ matched: 1 });
      expect(await h.admin.replay({ eventType: 'other.event' })).toMatchObject({ replayed: 1 });
      expect(await h.notifier.runOnce()).toMatchObject({ delivered: 1 });
    });

    it('answers the success rate and latency to an endpoint', async () => {
      // One attempt at a time, each lasting 100 ms more than the one before; the second fails.
      let sends = 0;
      const h = setUp(
        () => {
          sends++;
          h.clock.advance(100 * sends);
          return sends === 2 ? 503 : 200;
        },
        { limits: { globalConcurrency: 1, perEndpointConcurrency: 1 } },
      );
      const since = new Date(h.clock.now());
      for (let n = 0; n < 3; n++) await h.enqueue({ n });
      for (let round = 0; round < 3; round++) await h.notifier.runOnce();
      h.clock.advance(1_000);
      expect(await h.notifier.runOnce()).toMatchObject({ delivered: 1 });

      const stats = await h.admin.stats({ since, until: new Date(h.clock.now() + 1) });
      const expected = {
        messages: 3,
        deliveries: 3,
        delivered: 3,
        failed: 0,
        pending: 0,
        attempts: 4,
        firstAttemptSuccessRate: 2 / 3,
        eventualSuccessRate: 1,
        latencyMs: { p50: 250, p95: 385, p99: 397 },
      };
      expect(stats.overall).toMatchObject(expected);
      expect(stats.endpoints).toEqual([{ endpointId: ENDPOINT_URL, ...stats.overall }]);
      expect(stats.overall.latencyMs!.p99).toBeCloseTo(397, 6);
    });

    it('prunes old finished deliveries from running workers, keeping pending ones', async () => {
      let status = 200;
      const h = setUp(() => status);
      const delivered = await h.enqueue({ kind: 'delivered' });
      await h.notifier.runOnce();
      status = 400;
      const failed = await h.enqueue({ kind: 'failed' }, { endpointId: 'ep-failing' });
      await h.notifier.runOnce();
      h.clock.advance(1_000);
      await h.notifier.runOnce();
      await h.admin.disableEndpoint(ENDPOINT_URL, { reason: 'receiver moving' });
      const waiting = await h.enqueue({ kind: 'pending' });
      h.clock.advance(2 * DAY);

      const pruned = await runRetentionOnce(harness.store, h.clock);

      expect(pruned).toEqual({ ran: true, batches: 1, messages: 1, deliveries: 1, attempts: 1 });
      expect(await harness.store.getMessage(delivered.messageId)).toBeUndefined();
      expect(await harness.store.listAttempts(delivered.deliveryId)).toEqual([]);
      expect(await harness.store.getDelivery(failed.deliveryId)).toMatchObject({
        status: 'failed',
      });
      expect(await harness.store.getDelivery(waiting.deliveryId)).toMatchObject({
        status: 'pending',
      });

      h.clock.advance(2 * DAY);
      expect(await runRetentionOnce(harness.store, h.clock)).toMatchObject({
        messages: 1,
        attempts: 2,
      });
      expect(await harness.store.getDelivery(failed.deliveryId)).toBeUndefined();
      expect(await harness.store.getDelivery(waiting.deliveryId)).toBeDefined();
    });
  });
}

/** Starts a worker with retention (first run at once), waits for its run, and stops it. */
async function runRetentionOnce(store: ScenarioStore, clock: { now(): number }) {
  const worker = createHarness({
    store,
    clock: { now: () => clock.now() },
    random: () => 0,
    retention: { deliveredMaxAgeMs: DAY, failedMaxAgeMs: 3 * DAY, intervalMs: DAY },
  });
  const pruned = new Promise((resolve) => worker.notifier.on('retention.pruned', resolve));
  await worker.notifier.start();
  const result = await pruned;
  await worker.notifier.stop();
  return result;
}
