import { readFileSync } from 'node:fs';
import { verify } from '@dramarelay/receiver-verify';
import { describe, expect, it } from 'vitest';
import * as publicApi from '../src/index.js';
import { createFakeTransport, response } from './support/fake-transport.js';
import { AsyncFunction, notifiersOver } from './support/readme-code.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const quickStart = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;
const IMPORT = /^import \{ ([^}]+) \} from '@dramarelay\/webhook-notifier';\n/;

describe('README quick start', () => {
  it('is at most 15 lines and imports only public names', () => {
    expect(quickStart.trimEnd().split('\n').length).toBeLessThanOrEqual(15);
    const names = IMPORT.exec(quickStart)![1]!
      .split(',')
      .map((name) => name.trim());
    for (const name of names) expect(publicApi).toHaveProperty(name);
  });

  it('runs as written and delivers a signed, verifiable webhook', async () => {
    const transport = createFakeTransport(() => response(204));
    const { createNotifier, notifiers } = notifiersOver(transport);
    const lines: unknown[][] = [];
    const fakeConsole = { log: (...args: unknown[]) => lines.push(args) };
    const body = quickStart.replace(IMPORT, '');
    const run = new AsyncFunction('createNotifier', 'MemoryStore', 'console', body);

    await run(createNotifier, publicApi.MemoryStore, fakeConsole);
    await transport.waitForRequests(1);
    await notifiers[0]!.stop();

    expect(lines).toEqual([['delivered', expect.stringMatching(/^msg_/), 204]]);
    const { body: sent, headers } = transport.requests[0]!;
    const secret = /const secret = '([^']+)'/.exec(quickStart)![1]!;
    await expect(verify(sent, headers, secret)).resolves.toEqual({
      task_id: 42,
      task_title: '《霸道总裁爱上我》',
    });
  });
});
