import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built command, as `npm i -g` or `npx` would run it. */
export const CLI_BIN = fileURLToPath(new URL('../../../dist/bin.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

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
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
  };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value !== undefined) env[name] = value;
  }
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), CLI_BIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
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
