// Worker processes seen from the parent: start, ask for memory, read the kernel's figures,
// stop gracefully or kill -9.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { nextMessage } from './ipc.mjs';

const script = new URL('./worker-process.mjs', import.meta.url);
const running = new Set();

/**
 * Starts a worker process (see worker-process.mjs for `options`) and resolves once its
 * notifier runs.
 */
export async function startWorker(options) {
  const child = fork(script, [], {
    env: { ...process.env, RELIABILITY_WORKER: JSON.stringify(options) },
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  await new Promise((resolve, reject) => {
    child.once('message', (message) => {
      if (message.type === 'ready') resolve();
    });
    exited.then(({ code, signal }) =>
      reject(
        new Error(`worker ${options.workerId} exited (${code ?? signal}) before it was ready`),
      ),
    );
  });
  const reply = (type) => nextMessage(child, type);
  return {
    pid: child.pid,
    exited,
    /** process.memoryUsage() after a full collection, and the event counts so far. */
    async memory() {
      const answer = reply('memory');
      child.send({ type: 'memory' });
      return answer;
    },
    /** The worker's event counts so far: delivered, retried, failed, errors. */
    async counts() {
      const answer = reply('counts');
      child.send({ type: 'counts' });
      return (await answer).counts;
    },
    /** The kernel's view: resident set now and its high-water mark, in bytes. */
    status: () => processStatus(child.pid),
    /** Graceful stop (SIGTERM); resolves with the exit and the worker's event counts. */
    async stop() {
      const stopped = Promise.race([reply('stopped'), exited.then(() => ({}))]);
      child.kill('SIGTERM');
      const [{ counts }, exit] = await Promise.all([stopped, exited]);
      return { ...exit, counts };
    },
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** VmRSS and VmHWM of a process, from /proc/<pid>/status, in bytes. */
export function processStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssBytes: kib('VmRSS') * 1024, hwmBytes: kib('VmHWM') * 1024 };
}

/** Kills every worker still running: for `finally` blocks and `afterAll`. */
export async function killAllWorkers() {
  const exits = [...running].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exits);
}
