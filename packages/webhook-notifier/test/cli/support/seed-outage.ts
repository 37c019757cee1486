import { createFakeClock, type FakeClock } from '@dramarelay/test-utils';
import type { Kysely } from 'kysely';
import { createNotifier } from '../../../src/index.js';
import { createKyselyStore } from '../../../src/kysely/index.js';
import type { StatusReceiver } from './status-receiver.js';

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Ten minutes ago: old enough to prune with a 5 minute policy, inside `--since 1h`. */
export const SEEDED_AGO_MS = 10 * 60_000;

export interface SeededOutage {
  /** The messages were created at this time (`SEEDED_AGO_MS` before the seeding). */
  seededAt: Date;
  clock: FakeClock;
}

/**
 * Real deliveries through the library, as an operator finds them after an outage:
 * - `billing` (`invoice.sent`): 2 delivered;
 * - `orders` (`order.paid`): 3 failed with 500 (the outage), then 1 failed with 410 (its
 *   endpoint is now disabled, cause `gone`), then 2 pending, held by the disabled endpoint.
 * One attempt per delivery (no retries), and no pause, so every answer is final at once.
 */
// biome-ignore lint/suspicious/noExplicitAny: the notifier's tables in a test database
export async function seedOutage(db: Kysely<any>, receiver: StatusReceiver): Promise<SeededOutage> {
  const seededAt = new Date(Date.now() - SEEDED_AGO_MS);
  const clock = createFakeClock(seededAt);
  const notifier = seedingNotifier(db, clock);
  const send = (id: string, status: number, eventType: string, n: number) =>
    notifier.enqueue({
      endpoint: { id, url: receiver.url(status), secrets: SECRET },
      eventType,
      payload: { n },
    });
  try {
    for (const n of [1, 2]) await send('billing', 204, 'invoice.sent', n);
    for (const n of [1, 2, 3]) await send('orders', 500, 'order.paid', n);
    await notifier.runOnce();
    clock.advance(60_000);
    await send('orders', 410, 'order.paid', 4);
    await notifier.runOnce();
    clock.advance(60_000);
    for (const n of [5, 6]) await send('orders', 410, 'order.paid', n);
    await notifier.runOnce();
  } finally {
    await notifier.stop();
  }
  return { seededAt, clock };
}

/** A notifier on the same tables with one attempt per delivery and no circuit breaker pause. */
export function seedingNotifier(
  // biome-ignore lint/suspicious/noExplicitAny: the notifier's tables in a test database
  db: Kysely<any>,
  clock: { now(): number } = { now: () => Date.now() },
) {
  return createNotifier({
    store: createKyselyStore(db),
    clock,
    ssrf: { allow: ['127.0.0.1'] },
    retry: { schedule: [], jitter: 'none' },
    breaker: { failureThreshold: Number.POSITIVE_INFINITY },
  });
}
