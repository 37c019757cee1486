import { type ChildProcess, spawn } from 'node:child_process';

export interface ExampleProcess {
  /** The executable: `process.execPath`, `python3`, `php`, a Deno binary... */
  command: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** Printed (to stdout or stderr) once the example accepts connections. */
  ready: RegExp;
}

export interface RunningExample {
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /**
   * Resolves once the output, from offset `from` on (default 0: all of it), matches;
   * rejects if the process exits first.
   */
  waitForOutput(pattern: string | RegExp, from?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts an example as a real process and resolves once it prints `ready`. A missing
 * runtime (ENOENT) or an early exit rejects with what the process printed.
 *
 * @example
 * const example = await startExample({ command: 'python3', args: ['receiver.py'], cwd, env, ready: /listening/ });
 */
export async function startExample(spec: ExampleProcess): Promise<RunningExample> {
  let text = '';
  let exit: string | undefined;
  const waiters = new Set<() => void>();
  const child: ChildProcess = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  const append = (chunk: string) => {
    text += chunk;
    notify();
  };
  // setEncoding decodes across chunk boundaries, so a split Chinese character stays whole.
  child.stdout?.setEncoding('utf8').on('data', append);
  child.stderr?.setEncoding('utf8').on('data', append);
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      exit = `${spec.command} could not start: ${error.message}`;
      notify();
      resolve();
    });
    child.once('exit', (code, signal) => {
      exit = `${spec.command} exited (${signal ?? code})`;
      notify();
      resolve();
    });
  });

  const waitForOutput = (pattern: string | RegExp, from = 0) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const seen = text.slice(from);
        if (typeof pattern === 'string' ? seen.includes(pattern) : pattern.test(seen)) {
          waiters.delete(check);
          resolve();
        } else if (exit !== undefined) {
          waiters.delete(check);
          reject(new Error(`${exit} before printing ${pattern}; it printed:\n${text}`));
        }
      };
      waiters.add(check);
      check();
    });

  const stop = async () => {
    if (exit === undefined) child.kill('SIGTERM');
    await exited;
  };

  try {
    await waitForOutput(spec.ready);
  } catch (error) {
    await stop();
    throw error;
  }
  return { output: () => text, waitForOutput, stop };
}
