import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RelayEvent, TaskCompletedEvent } from '../src/node.js';
import { implementations, rejection } from './implementations.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe.each(implementations)('%s: verifyRequest', (_, api) => {
  it('verifies a Fetch Request with a Chinese body and reads its bytes once', async () => {
    const body = JSON.stringify({ title: '《霸道总裁爱上我》', emoji: '🎬' });
    const headers = await api.sign({ id: 'msg_r', timestamp: new Date(), body, secrets: secret });
    const request = new Request('https://example.test/hooks', { method: 'POST', body, headers });
    await expect(api.verifyRequest(request, secret)).resolves.toEqual(JSON.parse(body));
    expect(request.bodyUsed).toBe(true);
  });

  it('rejects a Request signed for another body', async () => {
    const headers = await api.sign({
      id: 'msg_r',
      timestamp: new Date(),
      body: '{}',
      secrets: secret,
    });
    const request = new Request('https://example.test/hooks', {
      method: 'POST',
      body: '{"amount":1000000}',
      headers,
    });
    const error = await rejection(api.verifyRequest(request, secret));
    expect(error).toMatchObject({ reason: 'no_matching_signature' });
  });

  it('passes options through', async () => {
    const headers = await api.sign({ id: 'msg_r', timestamp: 1, body: '{}', secrets: secret });
    const request = () =>
      new Request('https://example.test', { method: 'POST', body: '{}', headers });
    const error = await rejection(api.verifyRequest(request(), secret));
    expect(error).toMatchObject({ reason: 'timestamp_too_old' });
    await expect(api.verifyRequest(request(), secret, { now: () => 1000 })).resolves.toEqual({});
  });
});

describe.each(implementations)('%s: verifyWebhookRequest', (_, api) => {
  const sent = 1767225600;
  const options = { now: () => sent * 1000 };

  it('returns the webhook-id, the signed timestamp and the event type with a typed payload', async () => {
    const event: TaskCompletedEvent = taskCompleted();
    const body = JSON.stringify(event);
    const headers = await api.sign({ id: 'msg_typed', timestamp: sent, body, secrets: secret });
    const request = new Request('https://example.test/hooks', { method: 'POST', body, headers });

    const verified = await api.verifyWebhookRequest<TaskCompletedEvent>(request, secret, options);

    expectTypeOf(verified.payload).toEqualTypeOf<TaskCompletedEvent>();
    expect(verified).toEqual({
      scheme: 'standard-webhooks',
      id: 'msg_typed',
      timestamp: sent,
      eventType: 'task.completed',
      payload: event,
    });
    expect(verified.payload.data.task_title).toBe('《霸道总裁爱上我》');
  });

  it('names the legacy event from its header, as verifyWebhook does', async () => {
    const body = '{"event":"task.completed"}';
    const headers = await api.sign({
      scheme: 'legacy',
      id: 'unused',
      timestamp: sent,
      body,
      secrets: 'my_secret_2024',
      eventType: 'task.completed',
    });
    const request = new Request('https://example.test', { method: 'POST', body, headers });
    await expect(
      api.verifyWebhookRequest(request, 'my_secret_2024', { ...options, scheme: 'legacy' }),
    ).resolves.toMatchObject({ scheme: 'legacy', id: undefined, eventType: 'task.completed' });
  });

  it('leaves the event type undefined when the payload names none', async () => {
    const body = '["not", "an", "object"]';
    const headers = await api.sign({ id: 'msg_a', timestamp: sent, body, secrets: secret });
    const request = new Request('https://example.test', { method: 'POST', body, headers });
    await expect(api.verifyWebhookRequest(request, secret, options)).resolves.toMatchObject({
      id: 'msg_a',
      eventType: undefined,
    });
  });

  it('throws a TypeError for misuse before reading the body', () => {
    const request = new Request('https://example.test', { method: 'POST', body: '{}' });
    expect(() => api.verifyWebhookRequest(request, '')).toThrow(TypeError);
    expect(request.bodyUsed).toBe(false);
  });

  it('types verifyRequest and verifyWebhook by the payload type asked for', async () => {
    const body = JSON.stringify(taskCompleted());
    const headers = await api.sign({ id: 'msg_t', timestamp: sent, body, secrets: secret });
    const request = new Request('https://example.test', { method: 'POST', body, headers });
    const event = await api.verifyRequest<TaskCompletedEvent>(request, secret, options);
    const webhook = await api.verifyWebhook<RelayEvent>(body, headers, secret, options);
    const plain = await api.verify(body, headers, secret, options);

    expectTypeOf(event).toEqualTypeOf<TaskCompletedEvent>();
    expectTypeOf(webhook.payload).toEqualTypeOf<RelayEvent>();
    expectTypeOf(plain).toBeUnknown();
    expect(event.data.relay_task_id).toBe(42);
    expect(webhook.eventType).toBe('task.completed');
  });
});

/** The guide's own example payload, which a test of the examples checks against the schema. */
function taskCompleted(): TaskCompletedEvent {
  const guide = readFileSync(
    new URL('../../../docs/receiving-webhooks.md', import.meta.url),
    'utf8',
  );
  return JSON.parse(/```json\n([\s\S]*?)```/.exec(guide)![1]!);
}
