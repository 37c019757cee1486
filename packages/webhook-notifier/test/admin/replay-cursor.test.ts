import { describe, expect, it } from 'vitest';
import { createNotifier, MemoryStore } from '../../src/index.js';
import { createFakeTransport, response } from '../support/fake-transport.js';

describe('replay cursor', () => {
  it('is null once a replay has gone through everything, even when the last batch was full', async () => {
    const notifier = createNotifier({
      store: new MemoryStore(),
      transport: createFakeTransport(() => response(500)),
      retry: { schedule: [], jitter: 'none' },
    });
    const endpoint = {
      id: 'orders',
      url: 'https://hooks.example.com/x',
      secrets: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    };
    for (const n of [1, 2])
      await notifier.enqueue({ endpoint, eventType: 'order.paid', payload: { n } });
    expect(await notifier.runOnce()).toMatchObject({ failed: 2 });

    const result = await notifier.admin.replay({ batchSize: 1 });

    expect(result).toMatchObject({ replayed: 2, cursor: null });
  });
});
