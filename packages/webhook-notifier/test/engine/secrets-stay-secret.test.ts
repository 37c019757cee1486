import { generateKeyPair } from '@dramarelay/receiver-verify';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/http/transport.js';
import { response } from '../support/fake-transport.js';
import { createHarness, ENDPOINT_URL } from '../support/harness.js';

describe('secrets stay secret', () => {
  it('never puts a secret, a signature or a signed header value in logs, events or the attempt log', async () => {
    const keys = await generateKeyPair();
    let call = 0;
    const h = createHarness({
      responder: (request) => {
        const leak = `${request.headers['webhook-signature']} via ${JSON.stringify(request.headers)}`;
        call++;
        if (call === 1) throw new TransportError('network', `socket closed while sending ${leak}`);
        if (call === 2) throw new Error(`custom transport saw ${h.secret} and ${keys.secretKey}`);
        return response(200);
      },
    });
    await h.notifier.enqueue({
      endpoint: { url: ENDPOINT_URL, secrets: [h.secret, keys.secretKey] },
      eventType: 'task.completed',
      payload: { hello: 'world' },
    });
    for (let round = 0; round < 3; round++) {
      await h.notifier.runOnce();
      h.clock.advance(3_600_000);
    }
    expect(h.eventsNamed('delivered')).toHaveLength(1);

    const sensitive = [
      h.secret,
      h.secret.slice('whsec_'.length),
      keys.secretKey,
      keys.secretKey.slice(5),
    ];
    for (const request of h.transport.requests) {
      const signature = request.headers['webhook-signature']!;
      sensitive.push(signature, ...signature.split(' ').map((s) => s.split(',')[1]!));
    }
    const deliveries = await h.store.listDeliveries();
    const attempts = await h.store.listAttempts(deliveries[0]!.id);
    const outputs = {
      logs: h.logger.serialized(),
      events: JSON.stringify(h.events),
      attempts: JSON.stringify(attempts),
      deliveries: JSON.stringify(deliveries),
    };
    expect(h.logger.lines.length).toBeGreaterThan(0);
    expect(attempts[0]!.error).toContain('[redacted]');
    expect(attempts[1]!.error).toBe('custom transport saw [redacted] and [redacted]');
    for (const [where, text] of Object.entries(outputs)) {
      for (const value of sensitive) {
        expect(text.includes(value), `${where} contains a secret or signature`).toBe(false);
      }
    }
  });
});
