import {
  generateKeyPair,
  generateSecret,
  verify,
  verifyWebhook,
} from '@dramarelay/receiver-verify';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { response } from '../support/fake-transport.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

const drama = {
  event: 'task.completed',
  data: { task_title: '《霸道总裁爱上我》', note: '完成了 🎬🔥', user: 'ユーザー' },
};

describe('what a receiver gets', () => {
  it('verifies a Chinese-text payload with receiver-verify, on the exact bytes sent', async () => {
    const h = createHarness({ responder: () => response(204) });
    await h.enqueue(drama);
    await h.notifier.runOnce();

    const [request] = h.transport.requests;
    const text = new TextDecoder().decode(request!.body);
    expect(text).toBe(JSON.stringify(drama));
    expect(text).toContain('《霸道总裁爱上我》');
    expect(text).not.toContain('\\u');
    const now = () => h.clock.now();
    await expect(verify(request!.body, request!.headers, h.secret, { now })).resolves.toEqual(
      drama,
    );
  });

  it('sends identical bytes and the same webhook-id on every retry, with a fresh timestamp', async () => {
    let calls = 0;
    const h = createHarness({ responder: () => response(++calls < 3 ? 503 : 200) });
    const { messageId } = await h.enqueue(drama);
    for (let round = 0; round < 3; round++) {
      await h.notifier.runOnce();
      h.clock.advance(24 * 3_600_000);
    }

    const [first, second, third] = h.transport.requests;
    expect(h.transport.requests).toHaveLength(3);
    for (const request of [first, second, third]) {
      expect(request!.body).toEqual(first!.body);
      expect(request!.headers['webhook-id']).toBe(messageId);
    }
    const stamps = [first, second, third].map((r) => Number(r!.headers['webhook-timestamp']));
    expect(stamps[1]! - stamps[0]!).toBe(24 * 3600);
    expect(stamps[2]! - stamps[1]!).toBe(24 * 3600);
    const checkedAt = () => stamps[2]! * 1000;
    await expect(
      verify(third!.body, third!.headers, h.secret, { now: checkedAt }),
    ).resolves.toEqual(drama);
  });

  it('sends the documented headers and never a secret', async () => {
    const h = createHarness({ responder: () => response(200) });
    const { messageId } = await h.enqueue(drama);
    await h.notifier.runOnce();

    const { headers, url, timeoutMs } = h.transport.requests[0]!;
    expect(url).toBe(ENDPOINT_URL);
    expect(timeoutMs).toBe(15_000);
    expect(Object.keys(headers).sort()).toEqual([
      'content-type',
      'user-agent',
      'webhook-attempt',
      'webhook-id',
      'webhook-signature',
      'webhook-timestamp',
    ]);
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': `dramarelay-webhook-notifier/${VERSION}`,
      'webhook-attempt': '1',
      'webhook-id': messageId,
      'webhook-timestamp': String(Date.UTC(2026, 0, 1) / 1000),
    });
    expect(JSON.stringify(headers)).not.toContain(h.secret.slice('whsec_'.length));
  });

  it('numbers attempts in the webhook-attempt header', async () => {
    const h = createHarness({ responder: () => response(500) });
    await h.enqueue();
    await h.notifier.runOnce();
    h.clock.advance(60_000);
    await h.notifier.runOnce();
    expect(h.transport.requests.map((r) => r.headers['webhook-attempt'])).toEqual(['1', '2']);
  });

  it('signs with every secret during a rotation, and each one verifies on its own', async () => {
    const h = createHarness({ responder: () => response(200) });
    const oldSecret = generateSecret();
    const newSecret = generateSecret();
    const keys = await generateKeyPair();
    await h.notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: [oldSecret, newSecret, keys.secretKey] },
      eventType: 'task.completed',
      payload: drama,
    });
    await h.notifier.runOnce();

    const { body, headers } = h.transport.requests[0]!;
    expect(headers['webhook-signature']!.split(' ').map((s) => s.split(',')[0])).toEqual([
      'v1',
      'v1',
      'v1a',
    ]);
    const now = () => h.clock.now();
    for (const secret of [oldSecret, newSecret, keys.publicKey]) {
      await expect(verify(body, headers, secret, { now })).resolves.toEqual(drama);
    }
  });

  it('speaks the legacy X-Webhook-Signature scheme to receivers that still expect it', async () => {
    const h = createHarness({ responder: () => response(200) });
    await h.notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: 'legacy-shared-secret', scheme: 'legacy' },
      eventType: 'task.completed',
      payload: drama,
    });
    await h.notifier.runOnce();

    const { body, headers } = h.transport.requests[0]!;
    expect(headers['x-webhook-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(headers['x-webhook-event']).toBe('task.completed');
    expect(headers['x-webhook-attempt']).toBe('1');
    expect(headers['webhook-attempt']).toBeUndefined();
    const now = () => h.clock.now();
    const verified = await verifyWebhook(body, headers, 'legacy-shared-secret', { now });
    expect(verified).toMatchObject({
      scheme: 'legacy',
      eventType: 'task.completed',
      payload: drama,
    });
  });

  it('sends a Uint8Array payload byte for byte', async () => {
    const h = createHarness({ responder: () => response(200) });
    const bytes = new TextEncoder().encode('{"already":"serialised",  "spacing":"kept"}');
    await h.notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: h.secret },
      eventType: 'raw.bytes',
      payload: bytes,
    });
    await h.notifier.runOnce();
    expect(h.transport.requests[0]!.body).toEqual(bytes);
  });
});
