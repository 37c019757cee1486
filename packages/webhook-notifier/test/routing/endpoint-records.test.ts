import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import type { EndpointDefinition } from '../../src/routing/endpoint-definition.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createHarness } from '../support/harness.js';

const url = (name: string) => `https://${name}.example.com/hook`;

describe('notifier.endpoints', () => {
  it('creates an endpoint with a generated id and shows it without its secrets', async () => {
    const h = createHarness();
    const created = await h.notifier.endpoints.create({
      tenant: 'acme',
      url: url('a'),
      secrets: h.secret,
      eventTypes: ['task.*', 'submission.rejected', 'task.*'],
      description: 'Production',
      metadata: { team: 'ops' },
      timeoutMs: 5_000,
      concurrency: 4,
    });

    expect(created.id).toMatch(/^ep_[0-9A-Z]{26}$/);
    expect(created).toMatchObject({
      tenant: 'acme',
      url: url('a'),
      scheme: 'standard-webhooks',
      eventTypes: ['submission.rejected', 'task.*'],
      description: 'Production',
      metadata: { team: 'ops' },
      timeoutMs: 5_000,
      concurrency: 4,
      status: 'active',
    });
    expect(JSON.stringify(created)).not.toContain(h.secret);
    expect(created).not.toHaveProperty('secrets');
    expect(await h.notifier.endpoints.get(created.id)).toEqual(created);
  });

  it('updates fields, disables and enables, and refuses an unknown endpoint', async () => {
    const h = createHarness();
    const { id } = await h.notifier.endpoints.create({
      id: 'ep_a',
      url: url('a'),
      secrets: h.secret,
    });

    const updated = await h.notifier.endpoints.update(id, {
      eventTypes: ['task.completed'],
      metadata: { plan: 'pro' },
      disabled: true,
    });
    expect(updated).toMatchObject({
      eventTypes: ['task.completed'],
      metadata: { plan: 'pro' },
      status: 'disabled',
      disabledCause: 'manual',
      disabledAt: new Date(h.clock.now()),
    });
    expect(await h.notifier.endpoints.update(id, { disabled: false })).toMatchObject({
      status: 'active',
      disabledCause: null,
      disabledAt: null,
    });
    await expect(
      h.notifier.endpoints.update('ep_missing', { description: 'x' }),
    ).rejects.toMatchObject({ reason: 'not_found' });
  });

  it('signs with new secrets after an update and never shows them', async () => {
    const h = createHarness();
    await h.notifier.endpoints.create({ id: 'ep_a', url: url('a'), secrets: h.secret });
    const next = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const updated = await h.notifier.endpoints.update('ep_a', { secrets: next });
    expect(JSON.stringify(updated)).not.toContain('MfKQ9r8');
    expect((await h.store.getEndpoint('ep_a'))?.secrets).toEqual([next]);
  });

  it('deletes an endpoint: gone from get and list, its pending deliveries cancelled', async () => {
    const h = createHarness();
    await h.notifier.endpoints.create({
      id: 'ep_a',
      tenant: 'acme',
      url: url('a'),
      secrets: h.secret,
    });
    const { deliveries } = await h.notifier.send({
      tenant: 'acme',
      eventType: 'task.completed',
      payload: {},
    });

    expect(await h.notifier.endpoints.delete('ep_a')).toBe(true);
    expect(await h.notifier.endpoints.get('ep_a')).toBeUndefined();
    expect(await h.notifier.endpoints.list()).toEqual({ endpoints: [] });
    expect(await h.store.getDelivery(deliveries[0]!.deliveryId)).toMatchObject({
      status: 'cancelled',
    });
    expect(await h.notifier.endpoints.delete('ep_a')).toBe(false);
  });

  it('lists a page at a time, by tenant and by the event types an endpoint receives', async () => {
    const h = createHarness();
    for (const [id, tenant, eventTypes] of [
      ['ep_a', 'acme', ['task.*']],
      ['ep_b', 'acme', ['user.*']],
      ['ep_c', 'acme', []],
      ['ep_d', 'globex', []],
    ] as const) {
      await h.notifier.endpoints.create({
        id,
        tenant,
        url: url(id),
        secrets: h.secret,
        eventTypes,
      });
    }
    const ids = (page: { endpoints: { id: string }[] }) => page.endpoints.map((e) => e.id);

    const first = await h.notifier.endpoints.list({ tenant: 'acme', limit: 2 });
    expect(ids(first)).toEqual(['ep_a', 'ep_b']);
    expect(first.next).toBe('ep_b');
    const second = await h.notifier.endpoints.list({ tenant: 'acme', limit: 2, after: first.next });
    expect(ids(second)).toEqual(['ep_c']);
    expect(second.next).toBeUndefined();
    const reached = await h.notifier.endpoints.list({ eventType: 'task.completed' });
    expect(ids(reached)).toEqual(['ep_a', 'ep_c', 'ep_d']);
  });

  it('refuses a second endpoint of a tenant with the same URL and event types, naming the url', async () => {
    const h = createHarness();
    const definition = { tenant: 'acme', url: url('a'), secrets: h.secret, eventTypes: ['task.*'] };
    await h.notifier.endpoints.create(definition);
    await expect(
      h.notifier.endpoints.create({ ...definition, eventTypes: ['task.*', 'task.*'] }),
    ).rejects.toMatchObject({ name: 'NotifierError', reason: 'duplicate_endpoint', field: 'url' });
    await expect(
      h.notifier.endpoints.create({ ...definition, id: 'ep_x', tenant: 'globex' }),
    ).resolves.toMatchObject({ id: 'ep_x' });
    await expect(h.notifier.endpoints.create({ ...definition, id: 'ep_x' })).rejects.toMatchObject({
      reason: 'duplicate_endpoint',
      field: 'id',
    });
    const other = await h.notifier.endpoints.create({ ...definition, eventTypes: ['user.*'] });
    await expect(
      h.notifier.endpoints.update(other.id, { eventTypes: ['task.*'] }),
    ).rejects.toMatchObject({ reason: 'duplicate_endpoint', field: 'url' });
  });

  describe('refuses bad input, naming the field, and stores nothing', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const base: EndpointDefinition = { url: url('a'), secrets: secret };
    const cases: [string, Partial<EndpointDefinition> | Record<string, unknown>, string, string][] =
      [
        ['a URL that is not http(s)', { url: 'ftp://a.example.com/' }, 'invalid_endpoint', 'url'],
        ['a private address', { url: 'http://10.0.0.1/hook' }, 'destination_refused', 'url'],
        ['an unknown scheme', { scheme: 'hmac' }, 'invalid_endpoint', 'scheme'],
        ['no secret', { secrets: [] }, 'missing_secret', 'secrets'],
        ['a secret that cannot sign', { secrets: 'whsec_!!' }, 'invalid_secret', 'secrets'],
        ['an empty id', { id: '' }, 'invalid_endpoint', 'id'],
        ['an empty tenant', { tenant: '' }, 'invalid_endpoint', 'tenant'],
        [
          'event types that are not a list',
          { eventTypes: 'task.*' },
          'invalid_event_type',
          'eventTypes',
        ],
        ['a bare wildcard', { eventTypes: ['*'] }, 'invalid_event_type', 'eventTypes'],
        [
          'a wildcard inside a name',
          { eventTypes: ['task.*.done'] },
          'invalid_event_type',
          'eventTypes',
        ],
        ['a suffix wildcard', { eventTypes: ['*.completed'] }, 'invalid_event_type', 'eventTypes'],
        [
          'an event type with a space',
          { eventTypes: ['task completed'] },
          'invalid_event_type',
          'eventTypes',
        ],
        [
          'a description too long',
          { description: 'x'.repeat(1025) },
          'invalid_endpoint',
          'description',
        ],
        ['metadata that is not strings', { metadata: { n: 1 } }, 'invalid_endpoint', 'metadata'],
        ['metadata too large', { metadata: bigMetadata() }, 'invalid_endpoint', 'metadata'],
        ['a timeout of zero', { timeoutMs: 0 }, 'invalid_endpoint', 'timeoutMs'],
        ['a timeout as long as the lease', { timeoutMs: 60_000 }, 'invalid_endpoint', 'timeoutMs'],
        ['a fractional concurrency', { concurrency: 1.5 }, 'invalid_endpoint', 'concurrency'],
        [
          'a disabled flag that is not a boolean',
          { disabled: 'yes' },
          'invalid_endpoint',
          'disabled',
        ],
      ];
    for (const [what, change, reason, field] of cases) {
      it(`${what}: ${reason} on ${field}`, async () => {
        const store = new MemoryStore();
        const notifier = createNotifier({ store });
        const definition = { ...base, ...change } as EndpointDefinition;
        await expect(notifier.endpoints.create(definition)).rejects.toMatchObject({
          name: 'NotifierError',
          reason,
          field,
        });
        expect(await notifier.endpoints.list()).toEqual({ endpoints: [] });
        // The same checks guard an update.
        const { id } = await notifier.endpoints.create(base);
        await expect(
          notifier.endpoints.update(id, change as EndpointDefinition),
        ).rejects.toMatchObject({ reason, field });
        expect(await notifier.endpoints.get(id)).toMatchObject({ url: base.url, status: 'active' });
      });
    }
  });

  it('says not_supported over a store without endpoint records', async () => {
    const { enqueue, claimDue, settle, release, redeliver } = new MemoryStore();
    const store = new MemoryStore();
    const plain = {
      enqueue: enqueue.bind(store),
      claimDue: claimDue.bind(store),
      settle: settle.bind(store),
      release: release.bind(store),
      redeliver: redeliver.bind(store),
      getEndpoint: store.getEndpoint.bind(store),
    } as unknown as MemoryStore;
    const notifier = createNotifier({ store: plain });
    await expect(
      notifier.endpoints.create({
        url: url('a'),
        secrets: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      }),
    ).rejects.toMatchObject({ reason: 'not_supported' });
    await expect(notifier.send({ eventType: 'a.b', payload: {} })).rejects.toMatchObject({
      reason: 'not_supported',
    });
  });
});

function bigMetadata(): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (let n = 0; n < 20; n++) metadata[`key${n}`] = 'x'.repeat(500);
  return metadata;
}
