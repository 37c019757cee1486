import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNotifier, MemoryStore } from '../src/index.js';
import { createFakeTransport, response } from './support/fake-transport.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /### Worked example[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;

type AsyncFn = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => AsyncFn;

describe('README: operating deliveries', () => {
  it('heals a disabled endpoint and replays the outage as the worked example says', async () => {
    const transport = createFakeTransport((request) =>
      response(request.url.endsWith('/v2') ? 204 : 410),
    );
    const notifier = createNotifier({ store: new MemoryStore(), transport });
    const endpoint = { id: 'orders', url: 'https://hooks.example.com/old', secrets: 'legacy-key' };
    const send = (n: number) =>
      notifier.enqueue({
        endpoint: { ...endpoint, scheme: 'legacy' },
        eventType: 'order.paid',
        payload: { n },
      });
    await send(1);
    await notifier.runOnce(); // 410: failed, endpoint disabled
    await send(2);
    await send(3);
    const lines: unknown[][] = [];
    const fakeConsole = { log: (...args: unknown[]) => lines.push(args) };

    await new AsyncFunction('notifier', 'console', example)(notifier, fakeConsole);

    expect(lines).toEqual([
      ['orders', 'disabled', 'gone', 'the endpoint answered 410 Gone', 2],
      ['1 failed deliveries to replay'],
      ['1 replayed'],
    ]);
    expect(await notifier.runOnce()).toMatchObject({ delivered: 3 });
    expect(transport.requests.slice(1).map((r) => r.url)).toEqual(
      Array(3).fill('https://hooks.example.com/v2'),
    );
  });
});
