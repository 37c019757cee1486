import { fileURLToPath } from 'node:url';
import {
  DRAMA_TITLE,
  freePort,
  type RunningExample,
  runToExit,
  startExample,
} from '@dramarelay/example-support';
import { generateSecret } from '@dramarelay/receiver-verify';
import { afterEach, describe, expect, it } from 'vitest';

const sender = fileURLToPath(new URL('..', import.meta.url));
const receiver = fileURLToPath(new URL('../../node-http', import.meta.url));
const tsx = ['--import', 'tsx'];

let running: RunningExample | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** The node:http receiver example, running as its own process. */
async function startReceiver(scheme: string, secret: string) {
  const port = await freePort();
  running = await startExample({
    command: process.execPath,
    args: [...tsx, 'src/server.ts'],
    cwd: receiver,
    env: { PORT: String(port), WEBHOOK_SECRET: secret, SCHEME: scheme },
    ready: /listening on/,
  });
  return { example: running, url: `http://127.0.0.1:${port}/webhooks` };
}

function send(env: Record<string, string>) {
  return runToExit(process.execPath, [...tsx, 'src/send.ts'], { cwd: sender, env });
}

describe('the sender example', () => {
  for (const [scheme, secret] of [
    ['standard-webhooks', generateSecret()],
    ['legacy', 'x2c_callback_secret_2024'],
  ] as const) {
    it(`delivers a task.completed to the node:http receiver example (${scheme})`, async () => {
      const { example, url } = await startReceiver(scheme, secret);
      const result = await send({ WEBHOOK_URL: url, WEBHOOK_SECRET: secret, SCHEME: scheme });

      expect(result).toMatchObject({ code: 0 });
      const messageId = /^delivered (msg_\w+): HTTP 204$/m.exec(result.output)?.[1];
      expect(messageId, result.output).toBeDefined();
      const id = scheme === 'legacy' ? '-' : messageId;
      await example.waitForOutput(`accepted ${id} task.completed ${DRAMA_TITLE}`);
    });
  }

  it("exits 1 and prints the receiver's status and reason when it refuses the signature", async () => {
    const { url } = await startReceiver('standard-webhooks', generateSecret());
    const result = await send({ WEBHOOK_URL: url, WEBHOOK_SECRET: generateSecret() });

    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /^not delivered msg_\w+: HTTP 401 \{"error":"no_matching_signature"\}$/m,
    );
  });

  it('says why when nothing answers at all', async () => {
    const url = `http://127.0.0.1:${await freePort()}/webhooks`;
    const result = await send({ WEBHOOK_URL: url, WEBHOOK_SECRET: generateSecret() });

    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not delivered msg_\w+: \S.*ECONNREFUSED/m);
  });

  it('refuses to start without WEBHOOK_URL and WEBHOOK_SECRET', async () => {
    const result = await send({ WEBHOOK_URL: '', WEBHOOK_SECRET: '' });

    expect(result.code).toBe(1);
    expect(result.output).toContain('set WEBHOOK_URL and WEBHOOK_SECRET');
  });
});
