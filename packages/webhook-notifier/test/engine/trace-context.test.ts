import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/engine/create-notifier.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

async function storedTraceparent(traceparent: () => string | null | undefined) {
  const notifier = createNotifier({ store: new MemoryStore(), traceparent });
  const { messageId } = await notifier.enqueue({
    endpoint: {
      url: 'https://hooks.example.com/x',
      secrets: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    },
    eventType: 'task.completed',
    payload: {},
  });
  return (await notifier.store.getMessage(messageId))?.traceparent;
}

describe('the trace context stored with a message', () => {
  it('keeps the traceparent the option gives at enqueue', async () => {
    expect(await storedTraceparent(() => TRACEPARENT)).toBe(TRACEPARENT);
  });

  it('stores none, and still enqueues, when the option gives something invalid or throws', async () => {
    const invalid = [
      undefined,
      null,
      '',
      TRACEPARENT.toUpperCase(),
      `${TRACEPARENT}-extra`,
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ];
    for (const value of invalid) {
      expect(await storedTraceparent(() => value)).toBeUndefined();
    }
    expect(
      await storedTraceparent(() => {
        throw new Error('no tracer here');
      }),
    ).toBeUndefined();
  });

  it('refuses an option that is not a function, naming the package', () => {
    expect(() => createNotifier({ store: new MemoryStore(), traceparent: 'abc' as never })).toThrow(
      /webhook-notifier.*traceparent must be a function/,
    );
  });
});
