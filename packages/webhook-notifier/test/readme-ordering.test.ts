import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNotifier, MemoryStore } from '../src/index.js';
import { createFakeTransport, response } from './support/fake-transport.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /## Ordering and rate limits[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;

type AsyncFn = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => AsyncFn;

describe('README: ordering and rate limits', () => {
  it("sends one order's events one at a time, in order, to a rate-limited endpoint", async () => {
    const transport = createFakeTransport(() => response(204));
    const notifier = createNotifier({ store: new MemoryStore(), transport });

    await new AsyncFunction('notifier', 'console', example)(notifier, console);

    const statuses = () =>
      transport.requests.map((r) => JSON.parse(new TextDecoder().decode(r.body)).status);
    for (const round of [1, 2, 3]) {
      expect(await notifier.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(statuses()).toHaveLength(round);
    }
    expect(statuses()).toEqual(['created', 'paid', 'shipped']);
    const [endpoint] = (await notifier.endpoints.list({ tenant: 'acme' })).endpoints;
    expect(endpoint?.rateLimit).toEqual({ perSecond: 20 });
  });
});
