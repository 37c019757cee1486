import { spawn } from 'node:child_process';

export interface Finished {
  /** The exit code, or `null` when a signal ended the process. */
  code: number | null;
  /** stdout and stderr, interleaved. */
  output: string;
}

/**
 * Runs a command to its end, as a user would run a script.
 *
 * @example
 * const { code, output } = await runToExit(process.execPath, ['--import', 'tsx', 'src/send.ts'], { cwd, env });
 */
export function runToExit(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
