import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTestDatabase, runNode, type TestDatabase } from '@dramarelay/test-utils';
import { createNotifier } from '@dramarelay/webhook-notifier';
import { createKyselyStore } from '@dramarelay/webhook-notifier/kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/database/database.js';
import { migrateAll } from '../../src/database/migrate.js';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

/** `pnpm --filter @dramarelay/bot webhooks …`, as its script runs it: the real process. */
function webhooks(args: string[], env: Record<string, string>) {
  return runNode(['--import', 'tsx', 'src/main.ts', 'webhooks', ...args], { cwd: appDir, env });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('the bot app exposes the webhooks command on its own database', {
  timeout: 120_000,
}, () => {
  let database: TestDatabase;
  let db: Db;
  let gone: Server;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await getTestDatabase();
    db = createDatabase({ connectionString: database.connectionString });
    await migrateAll(db);
    gone = createServer((_request, response) => response.writeHead(410).end('gone'));
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const { port } = gone.address() as AddressInfo;
    const notifier = createNotifier({
      store: createKyselyStore(db),
      ssrf: { allow: ['127.0.0.1'] },
    });
    const endpoint = { id: 'task_7', url: `http://127.0.0.1:${port}/hook`, secrets: 'legacy-key' };
    const send = (n: number) =>
      notifier.enqueue({
        endpoint: { ...endpoint, scheme: 'legacy' },
        eventType: 'task.completed',
        payload: { n },
      });
    await send(1);
    await notifier.runOnce(); // 410: failed, and the endpoint disabled
    await send(2); // waits for the endpoint
    await notifier.stop();
    env = { DATABASE_URL: database.connectionString, CALLBACK_ALLOW_HOSTS: '127.0.0.1' };
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => gone?.close(resolve));
    await db?.destroy();
    await database?.close();
  });

  it('runs the README commands: shows why an endpoint is disabled, heals it and replays what failed', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /## Operating webhooks[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const prefix = 'pnpm --filter @dramarelay/bot webhooks ';
    const commands = block.split('\n').filter((line) => line.startsWith(prefix));
    expect(commands).toHaveLength(6);
    const outputs: string[] = [];
    for (const line of commands) {
      const run = await webhooks(line.slice(prefix.length).split(' '), env);
      expect(run, line).toMatchObject({ code: 0, stderr: '' });
      outputs.push(run.stdout);
    }

    expect(outputs[0]).toMatch(/^task_7\s+disabled\s.*\s1\s+-\s.*gone: .*410/m);
    expect(outputs[1]).toMatch(/^dlv_\S+\s+\S+ \S+Z\s+task_7\s+task\.completed\s+failed\s+1\s/m);
    expect(outputs[2]).toBe('Enabled task_7: 1 pending delivery goes out now.\n');
    expect(outputs[3]).toBe('1 delivery would be replayed.\n');
    expect(outputs[4]).toBe('Replayed 1 delivery in 1 batch.\n');
    expect(JSON.parse(outputs[5]!).overall).toMatchObject({ messages: 2, pending: 2, failed: 0 });
  });

  it('reports bad input with one line and the exit code of the notifier command', async () => {
    const bad = await webhooks(['deliveries', 'list', '--status', 'lost'], env);
    expect(bad).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'webhooks: --status must be one or more of pending, delivered, failed, cancelled\n',
    });
    const unknown = await webhooks(['deliveries', 'show', 'dlv_nope'], env);
    expect(unknown).toMatchObject({ code: 1, stderr: 'webhooks: no delivery dlv_nope\n' });
  });

  it('works on the embedded PostgreSQL when DATABASE_URL is not set', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dramarelay-webhooks-'));
    // As root the server runs as the `postgres` user, which must reach into the directory.
    await chmod(dataDir, 0o755);
    try {
      const embedded = { DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()) };
      const listed = await webhooks(['endpoints', 'list', '--json'], embedded);
      expect(listed.stderr).toBe('');
      expect(JSON.parse(listed.stdout)).toEqual({ endpoints: [], nextCursor: null });
      const stats = await webhooks(['stats'], embedded);
      expect(stats.code).toBe(0);
      expect(stats.stdout).toMatch(/^all\s+0\s+0\s+0\s+0\s+-\s+-\s+0\s+-\s+-\s+-$/m);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
