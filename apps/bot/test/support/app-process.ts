import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

/** The app as `npm start` runs it (`src/main.ts`, through tsx): a real process, real sockets. */
export interface AppProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` once it listens. */
  baseUrl: string;
  /** The first API key, printed at the first start. */
  apiKey: string;
  output(): string;
  /** Exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

const running = new Set<ChildProcess>();

/** Starts the app on a free port with `env` (DATABASE_URL at least) and waits until it serves. */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: string) => {
    text += chunk;
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
  child.stderr?.setEncoding('utf8').on('data', onData);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
      for (const waiter of [...waiters]) waiter();
    }),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(text);
        if (match) {
          waiters.delete(check);
          resolve(match);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          waiters.delete(check);
          reject(new Error(`the app exited before ${pattern}:\n${text}`));
        }
      };
      waiters.add(check);
      check();
    });
  const port = Number((await waitFor(/"port":(\d+)[^\n]*HTTP API listening/))[1]);
  const apiKey = (await waitFor(/\s(drk_\S+)/))[1]!;
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    output: () => text,
    exited,
    waitFor,
  };
}

/** For `afterEach`: no app process outlives its test. */
export async function killAppProcesses(): Promise<void> {
  const exits = [...running].map(
    (child) => new Promise<void>((resolve) => child.once('exit', () => resolve())),
  );
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exits);
}
