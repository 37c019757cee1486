// The receiver process seen from the parent (see receiver-process.mjs).
import { fork } from 'node:child_process';
import { nextMessage } from './ipc.mjs';

/** Starts the receivers; resolves with their `urls` by name and a way to ask them. */
export async function startReceivers(ports, options = {}) {
  const child = fork(new URL('./receiver-process.mjs', import.meta.url), [], {
    env: { ...process.env, RELIABILITY_RECEIVER: JSON.stringify({ ports, ...options }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (type) => {
    const answer = nextMessage(child, type);
    if (type !== 'ready') child.send({ type });
    return answer;
  };
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

/**
 * `healthy` receivers that answer 204 (`healthy-0`, `healthy-1`, ...) and one that never
 * answers for each name in `silent`; resolves with the receivers and their endpoints.
 */
export async function startHealthyAndSilent(healthy, silent) {
  const ports = [
    ...Array.from({ length: healthy }, (_, i) => ({ name: `healthy-${i}`, mode: 'ok' })),
    ...silent.map((name) => ({ name, mode: 'silent' })),
  ];
  const receivers = await startReceivers(ports);
  const endpoints = ports.map(({ name }) => ({ id: name, url: receivers.urls[name] }));
  return { receivers, endpoints };
}
