import { generateSecret, verify } from '@dramarelay/receiver-verify';
import { describe, expect, it } from 'vitest';
import { response } from '../support/fake-transport.js';
import { createHarness } from '../support/harness.js';

const url = (name: string) => `https://${name}.example.com/hook`;

describe('notifier.send', () => {
  it("delivers one message to each of the tenant's subscribers: same bytes and webhook-id, each its own signature", async () => {
    const h = createHarness({ responder: () => response(204) });
    const secrets = { ep_a: generateSecret(), ep_b: generateSecret(), ep_c: generateSecret() };
    await h.notifier.endpoints.create({
      id: 'ep_a',
      tenant: 'acme',
      url: url('a'),
      secrets: secrets.ep_a,
      eventTypes: ['task.*'],
    });
    await h.notifier.endpoints.create({
      id: 'ep_b',
      tenant: 'acme',
      url: url('b'),
      secrets: secrets.ep_b,
    });
    await h.notifier.endpoints.create({
      id: 'ep_c',
      tenant: 'acme',
      url: url('c'),
      secrets: secrets.ep_c,
      eventTypes: ['user.*'],
    });
    const payload = { task_id: 42, title: '《霸道总裁爱上我》' };

    const receipt = await h.notifier.send({ tenant: 'acme', eventType: 'task.completed', payload });
    expect(receipt.created).toBe(true);
    expect(receipt.deliveries.map((d) => d.endpointId)).toEqual(['ep_a', 'ep_b']);
    expect(await h.notifier.runOnce()).toMatchObject({ claimed: 2, delivered: 2 });

    const now = () => h.clock.now();
    const byUrl = new Map(h.transport.requests.map((request) => [request.url, request]));
    expect([...byUrl.keys()].sort()).toEqual([url('a'), url('b')]);
    for (const [id, endpointUrl] of [
      ['ep_a', url('a')],
      ['ep_b', url('b')],
    ] as const) {
      const request = byUrl.get(endpointUrl)!;
      expect(request.headers['webhook-id']).toBe(receipt.messageId);
      expect(new TextDecoder().decode(request.body)).toBe(JSON.stringify(payload));
      await expect(verify(request.body, request.headers, secrets[id], { now })).resolves.toEqual(
        payload,
      );
    }
  });

  it('returns the first message and its deliveries for a repeated key of the same tenant only', async () => {
    const h = createHarness();
    await h.notifier.endpoints.create({ tenant: 'acme', url: url('a'), secrets: h.secret });
    await h.notifier.endpoints.create({ tenant: 'globex', url: url('a'), secrets: h.secret });
    const request = {
      tenant: 'acme',
      eventType: 'task.completed',
      payload: {},
      idempotencyKey: 'k',
    };

    const first = await h.notifier.send(request);
    const again = await h.notifier.send({ ...request, payload: { changed: true } });
    const elsewhere = await h.notifier.send({ ...request, tenant: 'globex' });

    expect(again).toEqual({ ...first, created: false });
    expect(elsewhere.created).toBe(true);
    expect(elsewhere.messageId).not.toBe(first.messageId);
  });

  it('stores a message nobody subscribes to and says so with no deliveries', async () => {
    const h = createHarness();
    const receipt = await h.notifier.send({
      tenant: 'acme',
      eventType: 'task.completed',
      payload: {},
    });
    expect(receipt).toMatchObject({ created: true, deliveries: [] });
    expect(await h.store.getMessage(receipt.messageId)).toMatchObject({ tenant: 'acme' });
    expect(await h.notifier.runOnce()).toMatchObject({ claimed: 0 });
  });

  describe('refuses bad input, naming the field, and stores nothing', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['an empty tenant', { tenant: '' }, 'invalid_argument', 'tenant'],
      [
        'an event type with a space',
        { eventType: 'task completed' },
        'invalid_event_type',
        'eventType',
      ],
      ['a wildcard event type', { eventType: 'task.*' }, 'invalid_event_type', 'eventType'],
      [
        'an empty idempotency key',
        { idempotencyKey: '' },
        'invalid_idempotency_key',
        'idempotencyKey',
      ],
      ['a payload JSON cannot hold', { payload: 10n }, 'invalid_payload', ''],
    ];
    for (const [what, change, reason, field] of cases) {
      it(`${what}: ${reason}`, async () => {
        const h = createHarness();
        await h.notifier.endpoints.create({ tenant: 'acme', url: url('a'), secrets: h.secret });
        const request = { tenant: 'acme', eventType: 'task.completed', payload: {}, ...change };
        const refusal = h.notifier.send(request as Parameters<typeof h.notifier.send>[0]);
        await expect(refusal).rejects.toMatchObject({ name: 'NotifierError', reason });
        if (field !== '') await expect(refusal).rejects.toMatchObject({ field });
        expect(await h.store.countPending()).toBe(0);
      });
    }
  });
});
