import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeReceiver, escapeNonAscii, repoPath } from '@dramarelay/example-support';
import { sign, verify } from '@dramarelay/receiver-verify';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('..', import.meta.url));

describeReceiver('node:http', {
  launch: () => ({ command: process.execPath, args: ['--import', 'tsx', 'src/server.ts'], cwd }),
});

/** A value of the guide's test-vector table, by the row's label. */
function vector(label: string): string {
  const guide = readFileSync(repoPath('docs/receiving-webhooks.md'), 'utf8');
  const row = new RegExp(
    `^\\| ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +\\| \\**\`([^\`]+)\`\\** +\\|$`,
    'm',
  );
  const value = row.exec(guide)?.[1];
  if (value === undefined) throw new Error(`no test-vector row "${label}" in the guide`);
  return value;
}

describe("the guide's test vectors", () => {
  const body = vector('body');
  const timestamp = Number(vector('`webhook-timestamp`'));
  const atSigningTime = { now: () => timestamp * 1000 };

  it('verify with receiver-verify, for both schemes', async () => {
    const standard = {
      'webhook-id': vector('`webhook-id`'),
      'webhook-timestamp': String(timestamp),
      'webhook-signature': vector('**`webhook-signature`**'),
    };
    const legacy = { 'x-webhook-signature': vector('**`x-webhook-signature`**') };

    expect(Buffer.byteLength(body)).toBe(78);
    await expect(
      verify(body, standard, vector('Standard Webhooks secret'), atSigningTime),
    ).resolves.toEqual(JSON.parse(body));
    await expect(
      verify(body, legacy, vector('legacy secret'), { scheme: 'legacy' }),
    ).resolves.toEqual(JSON.parse(body));
  });

  it('name the signature of a \\u-escaped re-serialisation as the wrong one', async () => {
    const escaped = escapeNonAscii(body);
    const guide = readFileSync(repoPath('docs/receiving-webhooks.md'), 'utf8');
    const headers = await sign({
      id: vector('`webhook-id`'),
      timestamp,
      body: escaped,
      secrets: vector('Standard Webhooks secret'),
    });

    expect(guide).toContain(`If you get \`${headers['webhook-signature']}\` instead`);
  });
});
