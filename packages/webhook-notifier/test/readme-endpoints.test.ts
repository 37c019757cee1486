import { readFileSync } from 'node:fs';
import { verify } from '@dramarelay/receiver-verify';
import { describe, expect, it } from 'vitest';
import { createNotifier, MemoryStore } from '../src/index.js';
import { createFakeTransport, response } from './support/fake-transport.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /## Endpoints and fan-out[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;

type AsyncFn = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => AsyncFn;

describe('README: endpoints and fan-out', () => {
  it('fans a message out to the subscribed endpoints of a tenant as the worked example says', async () => {
    const transport = createFakeTransport(() => response(204));
    const notifier = createNotifier({ store: new MemoryStore(), transport });
    const lines: unknown[][] = [];
    const fakeConsole = { log: (...args: unknown[]) => lines.push(args) };

    await new AsyncFunction('notifier', 'console', example)(notifier, fakeConsole);

    expect(lines).toEqual([
      [2, 'deliveries of', expect.stringMatching(/^msg_/)],
      [1, 'deliveries: only the audit endpoint wants everything'],
      [['https://hooks.acme.example/tasks', 'https://audit.acme.example/all']],
    ]);
    expect(await notifier.runOnce()).toMatchObject({ delivered: 3 });
    const completed = transport.requests.filter((r) => r.headers['webhook-id'] === lines[0]![2]);
    expect(completed.map((r) => r.url).sort()).toEqual([
      'https://audit.acme.example/all',
      'https://hooks.acme.example/tasks',
    ]);
    expect(completed.find((r) => r.url.includes('hooks.acme'))?.timeoutMs).toBe(5_000);
    const secret = /secrets: '([^']+)'/.exec(example)![1]!;
    for (const { body, headers } of completed) {
      await expect(verify(body, headers, secret)).resolves.toEqual({ task_id: 42 });
    }
  });
});
