import { spawn } from 'node:child_process';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  cwd?: string;
  /** The child's whole environment besides PATH and HOME: nothing of the runner's leaks in. */
  env?: Record<string, string | undefined>;
}

/**
 * Runs `node` with `args` in a child process, its output piped (not a terminal), and
 * resolves with its exit code and output once it ends.
 *
 * @example
 * const { code, stdout } = await runNode(['dist/bin.js', '--help']);
 */
export function runNode(
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
  };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value !== undefined) env[name] = value;
  }
  const child = spawn(process.execPath, [...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd !== undefined && { cwd: options.cwd }),
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
