// The receiver process seen from the parent (see receiver-process.mjs).
import { fork } from 'node:child_process';

/** Starts the receivers; resolves with their `urls` by name and a way to ask them. */
export async function startReceivers(ports, options = {}) {
  const child = fork(new URL('./receiver-process.mjs', import.meta.url), [], {
    env: { ...process.env, RELIABILITY_RECEIVER: JSON.stringify({ ports, ...options }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (type) =>
    new Promise((resolve) => {
      const listen = (message) => {
        if (message.type !== type) return;
        child.off('message', listen);
        resolve(message);
      };
      child.on('message', listen);
      if (type !== 'ready') child.send({ type });
    });
  const { urls } = await ask('ready');
  return {
    urls,
    /** Per port: requests, ok, failed, open (requests not answered yet). */
    stats: async () => (await ask('stats')).stats,
    /** [webhook-id, 2xx answers] for every message answered with a 2xx. */
    ids: async () => (await ask('ids')).ids,
    heal: () => ask('heal'),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ type: 'stop' });
      }),
  };
}
