import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  alive,
  cleanUp,
  freePort,
  holdPort,
  npmStart,
  postgresPid,
  prepareWorkspace,
  tempDataDir,
} from './support/npm-start.mjs';

const dataDirs = [];
const held = [];
beforeAll(prepareWorkspace);
afterEach(async () => {
  for (const port of held.splice(0)) await port.close();
  await cleanUp(dataDirs);
});

function dataDir() {
  const dir = tempDataDir();
  dataDirs.push(dir);
  return dir;
}

describe('npm start when it cannot start', () => {
  it("names the embedded PostgreSQL's port and EMBEDDED_POSTGRES_PORT when another program holds it, and exits 1", async () => {
    const other = await holdPort();
    held.push(other);

    const run = npmStart({
      PORT: String(await freePort()),
      EMBEDDED_POSTGRES_PORT: String(other.port),
      DATA_DIR: dataDir(),
    });
    const exit = await run.exited;

    expect(exit.code).not.toBe(0);
    expect(run.output()).toContain(
      `the embedded PostgreSQL cannot use port ${other.port} on 127.0.0.1: it is held by another program`,
    );
    expect(run.output()).toContain('Set EMBEDDED_POSTGRES_PORT to a free port');
    expect(run.output()).not.toContain('undefined');
  });

  it('tells a second clone on the same machine that the port belongs to another PostgreSQL', async () => {
    const postgresPort = String(await freePort());
    const firstDir = dataDir();
    const first = npmStart({
      PORT: String(await freePort()),
      EMBEDDED_POSTGRES_PORT: postgresPort,
      DATA_DIR: firstDir,
    });
    await first.waitFor('HTTP API listening');

    const second = npmStart({
      PORT: String(await freePort()),
      EMBEDDED_POSTGRES_PORT: postgresPort,
      DATA_DIR: dataDir(),
    });
    const exit = await second.exited;

    expect(exit.code).not.toBe(0);
    expect(second.output()).toContain(
      `the embedded PostgreSQL cannot use port ${postgresPort} on 127.0.0.1: it is held by another PostgreSQL server`,
    );
    expect(second.output()).toContain('Set EMBEDDED_POSTGRES_PORT to a free port');
    // The first clone is untouched.
    expect(alive(postgresPid(firstDir))).toBe(true);
    process.kill(first.pid, 'SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
  });

  it('names PORT when the HTTP port is taken, exits 1 and leaves no PostgreSQL running', async () => {
    const other = await holdPort();
    held.push(other);
    const dir = dataDir();

    const run = npmStart({
      PORT: String(other.port),
      HOST: '127.0.0.1',
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      DATA_DIR: dir,
    });
    await run.waitFor('DATABASE_URL is not set');
    const exit = await run.exited;

    expect(exit.code).not.toBe(0);
    expect(run.output()).toContain(
      `the HTTP API cannot listen on 127.0.0.1:${other.port}: the port is already in use`,
    );
    expect(run.output()).toContain('Set PORT to a free port');
    expect(postgresPid(dir)).toBeUndefined();
  });

  it('says which DATABASE_URL cannot be reached, without its password, and exits 1', async () => {
    const port = await freePort();

    const run = npmStart({ DATABASE_URL: `postgres://app:hunter2@127.0.0.1:${port}/relay` });
    const exit = await run.exited;

    expect(exit.code).not.toBe(0);
    expect(run.output()).toContain(
      `cannot use the database at DATABASE_URL (127.0.0.1:${port}/relay): connect ECONNREFUSED`,
    );
    expect(run.output()).not.toContain('hunter2');
  });
});
