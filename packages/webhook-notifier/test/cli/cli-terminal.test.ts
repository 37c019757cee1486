import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from './support/run-cli.js';
import { useOutage } from './support/use-outage.js';

const outage = useOutage();
/** The start of every colour escape sequence. */
const ANSI = '\u001b[';

/**
 * Runs the command on a pseudo-terminal (util-linux `script`), as a person at a terminal
 * would: stdout and stderr are both the terminal, and what it shows is returned.
 */
async function onTerminal(args: string[], env: Record<string, string> = {}): Promise<string> {
  const command = [process.execPath, CLI_BIN, ...args].map((a) => `'${a}'`).join(' ');
  const { stdout } = await promisify(execFile)('script', ['-qefc', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...outage.env, ...env },
  });
  return stdout;
}

describe('dramarelay-webhooks on a terminal', { timeout: 90_000 }, () => {
  it('colours states on a terminal, and not with NO_COLOR, --no-color or into a pipe', async () => {
    const coloured = await onTerminal(['endpoints', 'list']);
    expect(coloured).toContain(`${ANSI}31mdisabled`);
    expect(coloured).toContain(`${ANSI}32mactive`);

    expect(await onTerminal(['endpoints', 'list'], { NO_COLOR: '1' })).not.toContain(ANSI);
    expect(await onTerminal(['endpoints', 'list', '--no-color'])).not.toContain(ANSI);
    expect(await onTerminal(['endpoints', 'list', '--json'])).not.toContain(ANSI);
    const piped = await runCli(['endpoints', 'list'], { env: outage.env });
    expect(piped.stdout).toMatch(/orders\s+disabled/);
    expect(piped.stdout).not.toContain(ANSI);
  });

  it('draws a progress bar for a replay on a terminal only', async () => {
    await runCli(['endpoints', 'enable', 'orders'], { env: outage.env });
    const shown = await onTerminal(['replay', '--batch-size', '1']);
    expect(shown).toMatch(/replay \[[=-]+\] 100% 4\/4/);
    expect(shown).toContain('Replayed 4 deliveries in 4 batches.');

    const piped = await runCli(['replay', '--status', 'delivered', '--batch-size', '1'], {
      env: outage.env,
    });
    expect(piped).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'Replayed 2 deliveries in 2 batches.\n',
    });
  });
});
