import { chmod, mkdtemp, rm } from 'node:fs/promises';
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
    const endpoint = { id: 'task-7', url: `http://127.0.0.1:${port}/hook`, secrets: 'legacy-key' };
    for (const n of [1, 2]) {
      await notifier.enqueue({
        endpoint: { ...endpoint, scheme: 'legacy' },
        eventType: 'task.completed',
        payload: { n },
      });
    }
    await notifier.runOnce();
    await notifier.stop();
    env = { DATABASE_URL: database.connectionString, CALLBACK_ALLOW_HOSTS: '127.0.0.1' };
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => gone?.close(resolve));
    await db?.destroy();
    await database?.close();
  });

  it('shows why an endpoint is disabled, heals it and replays what failed, with JSON output', async () => {
    const listed = await webhooks(['endpoints', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).endpoints).toEqual([
      expect.objectContaining({ id: 'task-7', state: 'disabled', disabledCause: 'gone' }),
    ]);
    const failed = JSON.parse(
      (await webhooks(['deliveries', 'list', '--status', 'failed', '--json'], env)).stdout,
    );
    expect(failed.deliveries.length).toBeGreaterThanOrEqual(1);

    const enabled = await webhooks(['endpoints', 'enable', 'task-7'], env);
    expect(enabled).toMatchObject({ code: 0, stderr: '' });
    expect(enabled.stdout).toMatch(/^Enabled task-7: \d pending deliveries go out now\.\n$/);
    const replayed = await webhooks(['replay', '--endpoint', 'task-7', '--json'], env);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ replayed: failed.deliveries.length });
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
