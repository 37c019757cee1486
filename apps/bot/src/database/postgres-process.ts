import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { StartupError } from '../startup/startup-error.js';
import { explainEarlyExit } from './postgres-early-exit.js';

export interface PostgresProcessOptions {
  /** The `postgres` binary. */
  postgres: string;
  databaseDir: string;
  port: number;
  /** As root: the `postgres` user's ids (PostgreSQL refuses to run as root). */
  user: { uid?: number; gid?: number };
  /** Every line the server writes. */
  log: (line: string) => void;
  /** The server stopped while the app still needed it. */
  onUnexpectedExit: (reason: string) => void;
}

export interface PostgresProcess {
  pid: number;
  /** Fast shutdown (SIGINT), after the app has closed its connections; resolves once it exited. */
  stop(): Promise<void>;
}

const READY = 'database system is ready to accept connections';
const KEPT_LINES = 40;
const STOP_TIMEOUT_MS = 20_000;

/**
 * Runs `postgres` until `stop()`. Resolves once it accepts connections; if it exits first,
 * rejects with a `StartupError` that says why, from the server's own log lines.
 */
export async function startPostgresProcess(
  options: PostgresProcessOptions,
): Promise<PostgresProcess> {
  const { databaseDir, port } = options;
  const child = spawn(
    options.postgres,
    [
      '-D',
      databaseDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${databaseDir}`,
      // Its messages are matched below (readiness, the reason it stopped).
      '-c',
      'lc_messages=C',
    ],
    {
      ...options.user,
      // A process group of its own: a Ctrl-C at the terminal goes to the app's group, and the app
      // stops this server last, after its own connections are closed.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );

  const lines: string[] = [];
  let ready = false;
  let stopping = false;
  let markReady: () => void = () => {};
  const readiness = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
      options.log(line);
      if (!ready && line.includes(READY)) {
        ready = true;
        markReady();
      }
    });
  }

  // If the app dies without stopping the server (an uncaught error, process.exit), the server
  // is told to stop too: it is in another process group and would be left running otherwise.
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);

  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': the last log lines (the reason) are read by then.
    child.once('close', (code, signal) => {
      process.off('exit', stopOnExit);
      resolve({ code, signal });
    });
  });
  const spawnFailed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(
        new StartupError(
          `could not run the embedded PostgreSQL (${options.postgres}): ${error.message}`,
          'Reinstall the dependencies (delete node_modules, then npm start), or set DATABASE_URL to a PostgreSQL server of your own.',
          { cause: error },
        ),
      ),
    );
  });

  const exitedEarly = closed.then(({ code, signal }) => {
    throw explainEarlyExit(lines, { port, databaseDir, code, signal });
  });
  await Promise.race([readiness, exitedEarly, spawnFailed]);
  exitedEarly.catch(() => {});
  spawnFailed.catch(() => {});

  void closed.then(({ code, signal }) => {
    if (stopping) return;
    options.onUnexpectedExit(
      `exit ${signal ?? code}; its last lines:\n${lines.slice(-10).join('\n')}`,
    );
  });

  return {
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGINT');
      // Fast shutdown takes well under a second; a server that hangs is ended outright.
      const hung = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await closed;
      clearTimeout(hung);
    },
  };
}
