import { fileURLToPath } from 'node:url';
import { type ProcessRun, runNode } from '@dramarelay/test-utils';

/** The built command, as `npm i -g` or `npx` would run it. */
export const CLI_BIN = fileURLToPath(new URL('../../../dist/bin.js', import.meta.url));

export type CliRun = ProcessRun;

export interface RunOptions {
  /** The whole environment of the child, beside PATH and HOME. */
  env?: Record<string, string | undefined>;
  /** Extra `node` flags before the script (e.g. `--import`). */
  nodeFlags?: string[];
}

/**
 * Runs the real command in a child process, its output piped (not a terminal). The
 * environment is explicit: nothing of the test runner's (FORCE_COLOR, CI) leaks in.
 *
 * @example
 * const { code, stdout } = await runCli(['endpoints', 'list', '--json'], { env: { DATABASE_URL } });
 */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return runNode([...(options.nodeFlags ?? []), CLI_BIN, ...args], {
    ...(options.env !== undefined && { env: options.env }),
  });
}

/** A run expected to succeed with `--json`: its parsed output. */
export async function runCliJson<T = unknown>(
  args: readonly string[],
  options: RunOptions = {},
): Promise<T> {
  const run = await runCli([...args, '--json'], options);
  if (run.code !== 0) {
    throw new Error(`${args.join(' ')} exited ${run.code}: ${run.stderr || run.stdout}`);
  }
  return JSON.parse(run.stdout) as T;
}
