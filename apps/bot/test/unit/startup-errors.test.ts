import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { explainEarlyExit } from '../../src/database/postgres-early-exit.js';
import { listenHttp } from '../../src/startup/listen-http.js';
import { describeFatal, StartupError } from '../../src/startup/startup-error.js';

// Lines PostgreSQL 18 wrote (lc_messages=C) in each situation, copied from real runs.
const portTaken = [
  '2026-12-02 19:27:08.985 UTC [26930] LOG:  starting PostgreSQL 18.4 on x86_64-pc-linux-gnu',
  '2026-12-02 19:27:08.986 UTC [26930] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
  '2026-12-02 19:27:08.986 UTC [26930] HINT:  Is another postmaster already running on port 54403? If not, wait a few seconds and retry.',
  '2026-12-02 19:27:08.986 UTC [26930] WARNING:  could not create listen socket for "127.0.0.1"',
  '2026-12-02 19:27:08.986 UTC [26930] FATAL:  could not create any TCP/IP sockets',
  '2026-12-02 19:27:08.989 UTC [26930] LOG:  database system is shut down',
];
const dataDirTaken = [
  '2026-12-02 19:27:11.109 UTC [27029] FATAL:  lock file "postmaster.pid" already exists',
  '2026-12-02 19:27:11.109 UTC [27029] HINT:  Is another postmaster (PID 26942) running in data directory "/srv/relay/pg"?',
];
const exit = { port: 54403, databaseDir: '/srv/relay/pg', code: 1, signal: null };

describe('why the embedded PostgreSQL did not start', () => {
  it('a taken port: names the port and EMBEDDED_POSTGRES_PORT', () => {
    const error = explainEarlyExit(portTaken, exit);
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain('cannot use port 54403 on 127.0.0.1');
    expect(error.hint).toContain('Set EMBEDDED_POSTGRES_PORT to a free port');
  });

  it('a data directory in use by another server: names its PID and DATA_DIR', () => {
    const error = explainEarlyExit(dataDirTaken, exit);
    expect(error.message).toContain(
      '/srv/relay/pg is already used by another PostgreSQL server (PID 26942)',
    );
    expect(error.hint).toContain('set DATA_DIR to another folder');
  });

  it('anything else: the exit status and the last lines the server wrote', () => {
    const lines = ['FATAL:  data directory "/srv/relay/pg" has invalid permissions'];
    const error = explainEarlyExit(lines, { ...exit, code: 1 });
    expect(error.message).toContain('stopped before accepting connections (exit code 1)');
    expect(error.message).toContain('has invalid permissions');
  });
});

describe('what the app prints when it stops on an error', () => {
  it('a start-up error: what failed, then what to do, without a stack', () => {
    const text = describeFatal(new StartupError('port 3000 is taken.', 'Set PORT.'));
    expect(text).toBe('error: port 3000 is taken.\nSet PORT.\n');
  });

  it('a failure that carries no error at all still says so (never "fatal: undefined")', () => {
    const text = describeFatal(undefined);
    expect(text).toContain('gave no reason');
    expect(text).not.toBe('fatal: undefined\n');
  });
});

describe('listening for HTTP', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
  });

  it('a taken port rejects with a StartupError naming it and PORT', async () => {
    const holder = createServer();
    servers.push(holder);
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };

    const error = await listenHttp(createServer(), port, '127.0.0.1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toContain(
      `127.0.0.1:${port}: the port is already in use`,
    );
    expect((error as StartupError).hint).toContain('Set PORT to a free port');
  });

  it('a free port resolves with the port it listens on', async () => {
    const server = createServer();
    servers.push(server);
    const port = await listenHttp(server, 0, '127.0.0.1');
    expect(port).toBeGreaterThan(0);
  });
});
