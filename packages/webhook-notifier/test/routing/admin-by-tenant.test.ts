import { describe, expect, it } from 'vitest';
import { response } from '../support/fake-transport.js';
import { createHarness } from '../support/harness.js';

const url = (name: string) => `https://${name}.example.com/hook`;

describe("the admin surface, scoped by the application's tenant", () => {
  async function twoTenants() {
    const h = createHarness({ responder: () => response(500) });
    const { notifier } = h;
    await notifier.endpoints.create({
      id: 'ep_a',
      tenant: 'acme',
      url: url('a'),
      secrets: h.secret,
      eventTypes: ['task.*'],
      description: 'Acme production',
      metadata: { plan: 'pro' },
      timeoutMs: 4_000,
      concurrency: 2,
    });
    await notifier.endpoints.create({
      id: 'ep_g',
      tenant: 'globex',
      url: url('g'),
      secrets: h.secret,
    });
    await notifier.send({ tenant: 'acme', eventType: 'task.completed', payload: {} });
    await notifier.send({ tenant: 'globex', eventType: 'task.completed', payload: {} });
    await notifier.runOnce();
    return h;
  }

  it('shows the routing fields of an endpoint, never its secrets', async () => {
    const h = await twoTenants();
    const { endpoints } = await h.notifier.admin.listEndpoints({ tenant: 'acme' });

    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({
      id: 'ep_a',
      registered: true,
      tenant: 'acme',
      eventTypes: ['task.*'],
      description: 'Acme production',
      metadata: { plan: 'pro' },
      timeoutMs: 4_000,
      concurrency: 2,
      deletedAt: null,
      pendingCount: 1,
    });
    expect(JSON.stringify(endpoints)).not.toContain(h.secret);
  });

  it("lists, replays and measures one tenant's deliveries", async () => {
    const h = await twoTenants();
    const since = new Date(h.clock.now() - 60_000);

    const page = await h.notifier.admin.listDeliveries({ tenant: 'globex' });
    expect(page.deliveries.map((d) => d.endpointId)).toEqual(['ep_g']);
    const until = new Date(h.clock.now() + 1);
    const stats = await h.notifier.admin.stats({ since, until, tenant: 'acme' });
    expect(stats.endpoints.map((row) => row.endpointId)).toEqual(['ep_a']);
    const dryRun = await h.notifier.admin.replay({
      tenant: 'acme',
      status: 'cancelled',
      dryRun: true,
    });
    expect(dryRun.matched).toBe(0);
  });

  it('refuses a tenant filter that is not a tenant id, naming the field', async () => {
    const h = createHarness();
    for (const call of [
      () => h.notifier.admin.listEndpoints({ tenant: '' }),
      () => h.notifier.admin.listDeliveries({ tenant: 42 as unknown as string }),
      () => h.notifier.admin.replay({ tenant: 'x'.repeat(257) }),
      () => h.notifier.admin.stats({ since: new Date(0), tenant: '' }),
    ]) {
      await expect(call()).rejects.toMatchObject({ reason: 'invalid_filter', field: 'tenant' });
    }
  });
});
