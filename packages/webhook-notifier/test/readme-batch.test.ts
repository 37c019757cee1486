import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNotifier, MemoryStore } from '../src/index.js';
import { createFakeTransport, response } from './support/fake-transport.js';
import { AsyncFunction } from './support/readme-code.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /## Many messages in one call[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;

describe('README: many messages in one call', () => {
  it('stores the invoices once each and delivers them', async () => {
    const transport = createFakeTransport(() => response(204));
    const notifier = createNotifier({ store: new MemoryStore(), transport });
    const logged: unknown[] = [];

    await new AsyncFunction('notifier', 'console', example)(notifier, {
      log: (value: unknown) => logged.push(value),
    });

    expect(logged).toEqual([[true, true, false]]);
    expect(await notifier.runOnce()).toMatchObject({ claimed: 2, delivered: 2 });
    const bodies = transport.requests.map((r) => JSON.parse(new TextDecoder().decode(r.body)));
    expect(bodies).toEqual([
      { id: 'inv_1', total: 40 },
      { id: 'inv_2', total: 15 },
    ]);
  });
});
