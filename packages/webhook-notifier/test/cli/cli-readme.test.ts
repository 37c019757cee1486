import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryPage, EndpointHealth } from '../../src/index.js';
import { CLI_BIN, runCliJson } from './support/run-cli.js';
import { useOutage } from './support/use-outage.js';

const outage = useOutage();
const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');

/** The command lines of the first `sh` block after `heading`. */
function commandsUnder(heading: string): string[] {
  const block = new RegExp(`${heading}[\\s\\S]*?\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
  if (block === undefined) throw new Error(`no sh block under ${heading} in the README`);
  return block.split('\n').filter((line) => line.startsWith('dramarelay-webhooks '));
}

describe('README: the command line', { timeout: 180_000 }, () => {
  let bin: string;
  beforeAll(async () => {
    // `dramarelay-webhooks` on the PATH, as `npm install` puts it there.
    bin = await mkdtemp(join(tmpdir(), 'dramarelay-bin-'));
    const shim = join(bin, 'dramarelay-webhooks');
    await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI_BIN}" "$@"\n`);
    await chmod(shim, 0o755);
  });
  afterAll(() => rm(bin, { recursive: true, force: true }));

  async function shell(line: string, extra: Record<string, string> = {}) {
    const env = { PATH: `${bin}:${process.env.PATH}`, ...outage.env, ...extra };
    try {
      return await promisify(execFile)('sh', ['-c', line], { env });
    } catch (error) {
      const { stderr, code } = error as { stderr: string; code: number };
      throw new Error(`README command failed (exit ${code}): ${line}\n${stderr}`);
    }
  }

  it('heals a disabled endpoint and replays an outage as the worked example shows', async () => {
    const commands = commandsUnder('### Worked example on the command line');
    expect(commands).toHaveLength(7);
    const outputs: string[] = [];
    for (const line of commands) outputs.push((await shell(line)).stdout);

    expect(outputs[0]).toMatch(/^orders\s+disabled\s.*gone: /m);
    expect(outputs[1]!.trimEnd().split('\n')).toHaveLength(5);
    expect(outputs[4]).toBe('4 deliveries would be replayed.\n');
    expect(outputs[5]).toBe('Replayed 4 deliveries in 1 batch.\n');
    expect(outputs[6]).toMatch(/^orders\s+6\s+0\s+0\s+6\s/m);
    const orders = await runCliJson<EndpointHealth>(['endpoints', 'show', 'orders'], {
      env: outage.env,
    });
    expect(orders).toMatchObject({
      state: 'active',
      url: 'https://hooks.example.com/v2',
      pendingCount: 6,
    });
  });

  it('runs every command of the reference block', async () => {
    const commands = commandsUnder('### Every command');
    const page = await runCliJson<DeliveryPage>(['deliveries', 'list', '--endpoint', 'billing'], {
      env: outage.env,
    });
    const delivery = page.deliveries[0]!.id;
    for (const line of commands) await shell(line, { DELIVERY: delivery });

    for (const command of [
      'migrate',
      'endpoints list',
      'endpoints show',
      'endpoints disable',
      'endpoints enable',
      'endpoints set-url',
      'endpoints rotate-secret',
      'deliveries list',
      'deliveries show',
      'deliveries redeliver',
      'replay',
      'stats',
      'prune',
    ]) {
      const shown = commands.some((line) =>
        `${line} `.startsWith(`dramarelay-webhooks ${command} `),
      );
      expect(shown, command).toBe(true);
    }
  });
});
