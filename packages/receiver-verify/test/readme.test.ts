import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError, type WebhookVerificationErrorReason } from '../src/node.js';
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

describe('README: the status to answer with', () => {
  const rows = [...readme.matchAll(/^\| `(\w+)` +\|[^|]+\| (\d{3}) +\|$/gm)];

  it('gives in its table, for every reason, the status WebhookVerificationError carries', () => {
    const table = Object.fromEntries(rows.map(([, reason, status]) => [reason, Number(status)]));
    const reasons: WebhookVerificationErrorReason[] = [
      'missing_header',
      'malformed_header',
      'invalid_timestamp',
      'timestamp_too_old',
      'timestamp_too_new',
      'no_matching_signature',
      'invalid_json',
    ];
    expect(table).toEqual(
      Object.fromEntries(
        reasons.map((reason) => [reason, new WebhookVerificationError(reason).status]),
      ),
    );
  });

  it('answers with error.status in every snippet, never a status of its own choosing', () => {
    const snippets = [...readme.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const answering = snippets.filter((code) => code.includes('WebhookVerificationError'));
    expect(answering.length).toBeGreaterThanOrEqual(4);
    for (const code of answering) {
      expect(code).toContain('error.status');
      expect(code).not.toMatch(/\b40[01]\b/);
    }
  });
});
