// `npm start` as a user runs it: a real process tree (npm, the launcher, the app, PostgreSQL)
// in a process group of its own, so a test can signal the PID or the whole group (Ctrl-C).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Installs and builds what changed, as `npm start` would, before the tests time anything. */
export function prepareWorkspace() {
  const result = spawnSync(process.execPath, ['scripts/run.mjs', 'prepare'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`prepare failed:\n${result.stdout}${result.stderr}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A port held by something that is not PostgreSQL (accepts, never answers). */
export async function holdPort() {
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  };
  return { port: server.address().port, close };
}

export function tempDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'dramarelay-start-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its folder.
  chmodSync(dir, 0o755);
  return dir;
}

const started = [];

/**
 * Starts `npm start` with `env` added to a clean environment (no DATABASE_URL, no bot token).
 * Returns { pid, output(), exited, waitFor(text) }.
 */
export function npmStart(env) {
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'TELEGRAM_BOT_TOKEN', 'PUBLIC_URL', 'LOG_LEVEL', 'PORT']) {
    delete base[name];
  }
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...base, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = [];
  const onData = (chunk) => {
    text += chunk;
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const exited = new Promise((resolve) => {
    child.once('close', (code, signal) => {
      for (const waiter of [...waiters]) waiter();
      resolve({ code, signal });
    });
  });
  const run = {
    pid: child.pid,
    output: () => text,
    exited,
    /** Resolves once `needle` was printed; rejects if npm ends first. */
    waitFor(needle) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (text.includes(needle)) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.splice(waiters.indexOf(check), 1);
            reject(new Error(`npm start ended before printing "${needle}":\n${text}`));
          }
        };
        waiters.push(check);
        check();
      });
    },
  };
  started.push(run);
  return run;
}

/** The app's JSON log lines (pino), parsed; other lines are left out. */
export function logLines(output) {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** The PID in the cluster's postmaster.pid, while the server runs. */
export function postgresPid(dataDir) {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * After each test: whatever a failing test left running is stopped (the npm process group,
 * then any PostgreSQL of its data directories), and the directories removed.
 */
export async function cleanUp(dataDirs) {
  for (const run of started.splice(0)) {
    try {
      process.kill(-run.pid, 'SIGKILL');
    } catch {}
  }
  for (const dir of dataDirs.splice(0)) {
    const pid = postgresPid(dir);
    if (pid && alive(pid)) process.kill(pid, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  }
}
