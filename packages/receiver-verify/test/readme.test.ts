import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { implementations } from './implementations.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const quickStart = /## Quick start\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

type Run = (api: unknown, console: { log: (value: unknown) => void }) => Promise<void>;
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => Run;

describe.each(implementations)('%s: README', (_, api) => {
  it('runs the quick start as written and prints what it promises', async () => {
    const imports = /^import \{ ([^}]+) \} from '@dramarelay\/receiver-verify';$/m;
    expect(quickStart).toMatch(imports);
    const code = quickStart.replace(imports, 'const { $1 } = api;');
    const printed: unknown[] = [];
    await new AsyncFunction('api', 'console', code)(api, { log: (value) => printed.push(value) });
    expect(printed).toEqual([
      { event: 'task.completed', data: { task_title: '《霸道总裁爱上我》' } },
    ]);
    expect(quickStart).toContain(
      "console.log(event); // { event: 'task.completed', data: { task_title: '《霸道总裁爱上我》' } }",
    );
  });
});
