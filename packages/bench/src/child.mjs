import { fork } from 'node:child_process';
import { cpuMs } from './meter.mjs';

/**
 * Runs a bench script in a process of its own and resolves with the `{ type: 'result' }`
 * message it sends. `onMark(name, childCpuMs)` hears the child's `mark` messages (the start
 * and end of its measured window). A child that exits without a result, or outlives
 * `timeoutMs`, fails.
 */
export function runChild(
  script,
  input,
  { timeoutMs = 180_000, onMark = () => {}, execArgv = [] } = {},
) {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(script, import.meta.url), [JSON.stringify(input)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv,
    });
    let result;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ran longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (message) => {
      if (message.type === 'mark') onMark(message.name, message.cpuMs);
      if (message.type === 'result') result = message.result;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined) resolve(result);
      else reject(new Error(`${script} exited (${code ?? signal}) without a result`));
    });
  });
}

/** Starts a long-lived helper process and waits for its `{ type: 'ready' }` message. */
export function startHelper(script) {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(script, import.meta.url), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    child.once('error', reject);
    child.once('message', (message) => {
      if (message.type === 'ready') resolve({ child, ...message });
    });
  });
}

/** Asks a helper for a message of `type` and resolves with its answer. */
export function ask(helper, type) {
  return new Promise((resolve) => {
    const listen = (message) => {
      if (message.type !== type) return;
      helper.child.off('message', listen);
      resolve(message);
    };
    helper.child.on('message', listen);
    helper.child.send({ type });
  });
}

/** In a child: the input it was given. */
export function childInput() {
  return JSON.parse(process.argv[2] ?? '{}');
}

/** In a child: tells the parent that the measured window starts (`warm`) or ends (`done`). */
export function mark(name) {
  process.send({ type: 'mark', name, cpuMs: cpuMs() });
}

/** In a child: hands the result to the parent. */
export function sendResult(result) {
  return new Promise((resolve) => process.send({ type: 'result', result }, resolve));
}
