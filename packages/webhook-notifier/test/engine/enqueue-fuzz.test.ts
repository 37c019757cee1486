import { arbitraryString, arbitraryValue, seededRandom } from '@dramarelay/test-utils';
import { describe, expect, it } from 'vitest';
import { createNotifier, MemoryStore, NotifierError } from '../../src/index.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const CASES = 3_000;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A request: valid, or valid with one part (or the whole) replaced by something random. */
function mutatedRequest(random: () => number): unknown {
  const valid: Record<string, unknown> = {
    endpoint: { url: 'https://hooks.example.com/x', secrets: SECRET },
    eventType: 'task.completed',
    payload: { task_id: 42 },
  };
  const part = Math.floor(random() * 9);
  if (part === 0) return arbitraryValue(random);
  if (part === 1) valid.endpoint = arbitraryValue(random);
  if (part === 2) (valid.endpoint as Record<string, unknown>).url = arbitraryValue(random);
  if (part === 3) (valid.endpoint as Record<string, unknown>).secrets = arbitraryValue(random);
  if (part === 4)
    (valid.endpoint as Record<string, unknown>)[arbitraryString(random)] = arbitraryValue(random);
  if (part === 5) valid.eventType = arbitraryValue(random);
  if (part === 6) valid.payload = arbitraryValue(random, 5);
  if (part === 7) valid.idempotencyKey = arbitraryValue(random);
  if (part === 8) (valid.endpoint as Record<string, unknown>).scheme = arbitraryValue(random);
  return valid;
}

describe('enqueue with random input', () => {
  it('either stores the message or refuses with a NotifierError, never another kind of error', async () => {
    const random = seededRandom(SEED);
    const notifier = createNotifier({ store: new MemoryStore() });
    const others: unknown[] = [];
    let refused = 0;
    for (let n = 0; n < CASES; n++) {
      const request = mutatedRequest(random);
      try {
        await notifier.enqueue(request as never);
      } catch (error) {
        if (error instanceof NotifierError) refused++;
        else others.push({ case: n, error: String(error) });
      }
    }
    expect(others).toEqual([]);
    expect(refused).toBeGreaterThan(CASES / 4);
  });
});
