import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  alive,
  cleanUp,
  freePort,
  logLines,
  npmStart,
  postgresPid,
  prepareWorkspace,
  tempDataDir,
} from './support/npm-start.mjs';

const dataDirs = [];
beforeAll(prepareWorkspace);
afterEach(() => cleanUp(dataDirs));

async function serviceEnv() {
  const dataDir = tempDataDir();
  dataDirs.push(dataDir);
  return {
    PORT: String(await freePort()),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    DATA_DIR: dataDir,
  };
}

async function startService(env) {
  const settings = env ?? (await serviceEnv());
  const dataDir = settings.DATA_DIR;
  const run = npmStart(settings);
  await run.waitFor('HTTP API listening');
  const app = logLines(run.output()).find((line) => line.msg === 'HTTP API listening').pid;
  const postgres = postgresPid(dataDir);
  expect(alive(app)).toBe(true);
  expect(postgres && alive(postgres)).toBe(true);
  return { run, app, postgres };
}

function expectStoppedInOrder(output) {
  const messages = logLines(output).map((line) => line.msg);
  const order = ['shutting down', 'stopped', 'embedded PostgreSQL stopped'].map((msg) =>
    messages.indexOf(msg),
  );
  expect(order.every((index) => index >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // Nothing went wrong on the way down: no warning, no error (pino levels 40 and up).
  expect(logLines(output).filter((line) => line.level >= 40)).toEqual([]);
}

describe('stopping npm start', () => {
  it('SIGTERM to the PID of npm start stops the app, then its PostgreSQL, and exits 0', async () => {
    const { run, app, postgres } = await startService();

    process.kill(run.pid, 'SIGTERM');
    const exit = await run.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(alive(app)).toBe(false);
    expect(alive(postgres)).toBe(false);
    expectStoppedInOrder(run.output());
  });

  it('SIGINT to the PID of npm start does the same', async () => {
    const { run, app, postgres } = await startService();

    process.kill(run.pid, 'SIGINT');
    const exit = await run.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect([alive(app), alive(postgres)]).toEqual([false, false]);
    expectStoppedInOrder(run.output());
  });

  it('Ctrl-C at the terminal (SIGINT to the whole process group) stops everything in order once', async () => {
    const { run, app, postgres } = await startService();

    process.kill(-run.pid, 'SIGINT');
    const exit = await run.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect([alive(app), alive(postgres)]).toEqual([false, false]);
    expectStoppedInOrder(run.output());
    // The copies of the one Ctrl-C (the terminal's and npm's) are one stop, not a forced one.
    expect(run.output()).not.toContain('stopping at once');
  });
});

describe('an app killed outright (SIGKILL)', () => {
  it('leaves its PostgreSQL to the next start, which stops it when it stops', async () => {
    const env = await serviceEnv();
    const first = await startService(env);
    process.kill(first.app, 'SIGKILL');
    await first.run.exited;
    // Nothing could stop the server: it is an orphan now.
    expect(alive(first.postgres)).toBe(true);

    const second = await startService(env);
    expect(second.postgres).toBe(first.postgres);
    process.kill(second.run.pid, 'SIGTERM');

    expect(await second.run.exited).toEqual({ code: 0, signal: null });
    expect(alive(first.postgres)).toBe(false);
    expect(second.run.output()).toContain('was left running by an app that is gone');
  });
});

describe('starting npm start again', () => {
  it('neither reinstalls nor rebuilds an unchanged clone', async () => {
    const { run } = await startService();
    process.kill(run.pid, 'SIGTERM');
    await run.exited;

    expect(run.output()).toContain('pnpm install skipped');
    expect(run.output()).not.toContain('> pnpm install');
    expect(run.output()).not.toMatch(/run build|\btsup\b/);
  });
});
