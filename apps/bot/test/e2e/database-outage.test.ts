import { setTimeout as sleep } from 'node:timers/promises';
import {
  getTestDatabase,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
  targetOf,
} from '@dramarelay/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, killAppProcesses, startAppProcess } from '../support/app-process.js';

const OUTAGE_MS = Number(process.env.RELIABILITY_OUTAGE_MS ?? 3_000);

interface Answer {
  status: number;
  json: unknown;
}

/** One request; a dropped connection or a hang shows as status 0 (the test fails on it). */
async function call(app: AppProcess, path: string): Promise<Answer> {
  try {
    const response = await fetch(`${app.baseUrl}${path}`, {
      headers: { 'x-api-key': app.apiKey },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  } catch (error) {
    return { status: 0, json: String(error) };
  }
}

/** Waits for /health to say 200; fails at once if the process died meanwhile. */
async function untilHealthy(app: AppProcess): Promise<void> {
  while ((await call(app, '/health')).status !== 200) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`the app died (${await app.exited}):\n${app.output().slice(-2000)}`);
    }
    await sleep(50);
  }
}

describe('the app while its database goes away and comes back', { timeout: 90_000 }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  beforeAll(async () => {
    database = await getTestDatabase();
    proxy = await startTcpProxy(targetOf(database.connectionString));
  });
  afterEach(() => killAppProcesses());
  afterAll(async () => {
    await proxy?.close();
    await database?.close();
  });

  it('survives without a restart: 503 JSON during, healthy again after, exit 0 on SIGTERM', async () => {
    const app = await startAppProcess({ DATABASE_URL: proxy.rewrite(database.connectionString) });
    await untilHealthy(app);
    expect((await call(app, '/api/tasks')).status).toBe(200);

    // Requests keep coming, so connections are checked out (mid-query) when it goes.
    const answers: Answer[] = [];
    let load = true;
    const traffic = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (load) answers.push(await call(app, '/api/tasks'));
      }),
    );
    await sleep(300);
    proxy.cut();
    const during: Answer[] = [];
    for (const started = Date.now(); Date.now() - started < OUTAGE_MS; ) {
      during.push(await call(app, '/health'), await call(app, '/api/tasks'));
      await sleep(100);
    }
    proxy.restore();
    const restoredAt = Date.now();
    await untilHealthy(app);
    const healthyAfterMs = Date.now() - restoredAt;
    load = false;
    await traffic;
    expect((await call(app, '/api/tasks')).status).toBe(200);

    expect(app.child.exitCode).toBeNull();
    const statuses = new Set([...answers, ...during].map((answer) => answer.status));
    expect([...statuses].sort()).toEqual([200, 503].filter((s) => statuses.has(s)));
    expect(during.filter((answer) => answer.status === 503).length).toBe(during.length);
    const api503 = [...answers, ...during].filter(
      (answer) => answer.status === 503 && !('database' in (answer.json as object)),
    );
    expect(api503.length).toBeGreaterThan(0);
    for (const answer of api503) {
      expect(answer.json).toMatchObject({ success: false, reason: 'store_unavailable' });
    }
    const health503 = during.filter((answer) => 'database' in (answer.json as object));
    for (const answer of health503) {
      expect(answer.json).toMatchObject({ status: 'degraded', database: false });
    }
    console.info(`database outage: healthy ${healthyAfterMs} ms after the database came back`);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
