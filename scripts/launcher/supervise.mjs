// Runs a child process while passing on every stop signal this process receives, and waits.
// `npm` sends SIGINT/SIGTERM only to its own child (this launcher); without passing them on,
// the app and its database would be left running when the launcher ends.
import { spawn } from 'node:child_process';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Resolves with `{ code, signal, stopAsked }` once the child exited; `stopAsked` is true if a
 * stop signal was passed on to it meanwhile.
 */
export function runPassingSignals(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    let stopAsked = false;
    const pass = (signal) => {
      stopAsked = true;
      child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, pass);
    const detach = () => {
      for (const signal of FORWARDED) process.off(signal, pass);
    };
    child.once('error', (error) => {
      detach();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      detach();
      resolve({ code, signal, stopAsked });
    });
  });
}
