import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../kysely/support/postgres.js';
import { type CliRun, runCli } from './support/run-cli.js';
import { seedOutage } from './support/seed-outage.js';
import { type StatusReceiver, startStatusReceiver } from './support/status-receiver.js';

const postgres = usePostgres();
const hideDrivers = fileURLToPath(new URL('./support/hide-drivers.mjs', import.meta.url));

/** One line on stderr, nothing on stdout, no stack trace. */
function expectOneLine(run: CliRun, code: number, line: RegExp): void {
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')).toHaveLength(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.trimEnd()).toMatch(line);
  expect(run.code).toBe(code);
}

describe('dramarelay-webhooks on bad input', { timeout: 90_000 }, () => {
  let receiver: StatusReceiver;
  let env: { DATABASE_URL: string };
  const cli = (...args: string[]) => runCli(args, { env });
  beforeAll(async () => {
    receiver = await startStatusReceiver();
    env = { DATABASE_URL: postgres.database.connectionString };
    await seedOutage(postgres.db, receiver);
  }, 60_000);
  afterAll(() => receiver.close());

  it('refuses a bad filter with exit code 2 and names the option', async () => {
    expectOneLine(
      await cli('deliveries', 'list', '--status', 'lost'),
      2,
      /^dramarelay-webhooks: --status must be one or more of pending, delivered, failed, cancelled$/,
    );
    expectOneLine(
      await cli('deliveries', 'list', '--since', 'yesterday'),
      2,
      /^dramarelay-webhooks: option '--since <when>' argument 'yesterday' is invalid\. expected a duration ago/,
    );
    expectOneLine(
      await cli('deliveries', 'list', '--since', '1h', '--until', '2h'),
      2,
      /^dramarelay-webhooks: --until must be later than --since$/,
    );
    expectOneLine(
      await cli('deliveries', 'list', '--limit', '0'),
      2,
      /^dramarelay-webhooks: --limit must be an integer from 1 to 1000$/,
    );
    expectOneLine(
      await cli('deliveries', 'list', '--limit', 'ten'),
      2,
      /argument 'ten' is invalid\. expected a whole number$/,
    );
    expectOneLine(
      await cli('deliveries', 'list', '--cursor', 'not-a-cursor'),
      2,
      /^dramarelay-webhooks: --cursor is not a cursor of this deliveries listing$/,
    );
    expectOneLine(
      await cli('replay', '--status', 'pending'),
      2,
      /^dramarelay-webhooks: --status must be failed, delivered or cancelled/,
    );
    expectOneLine(
      await cli('endpoints', 'rotate-secret', 'billing', '--secret', 'not-a-secret'),
      2,
      /^dramarelay-webhooks: .*secret/,
    );
    expectOneLine(
      await cli('endpoints', 'disable', 'billing'),
      2,
      /required option '--reason <text>' not specified$/,
    );
  });

  it('says an id is unknown with exit code 1', async () => {
    expectOneLine(
      await cli('deliveries', 'show', 'dlv_nope'),
      1,
      /^dramarelay-webhooks: no delivery dlv_nope$/,
    );
    expectOneLine(
      await cli('deliveries', 'redeliver', 'dlv_nope'),
      1,
      /^dramarelay-webhooks: no delivery dlv_nope$/,
    );
    expectOneLine(
      await cli('endpoints', 'show', 'nope'),
      1,
      /^dramarelay-webhooks: no endpoint nope$/,
    );
    expectOneLine(await cli('endpoints', 'enable', 'nope'), 1, /no endpoint nope$/);
  });

  it('with --json, reports the error as one JSON line a script can switch on', async () => {
    const run = await cli('deliveries', 'show', 'dlv_nope', '--json');
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(run.stderr)).toEqual({
      error: { reason: 'not_found', message: 'no delivery dlv_nope', exitCode: 1 },
    });
    const filter = await cli('--json', 'deliveries', 'list', '--status', 'lost');
    expect(JSON.parse(filter.stderr)).toMatchObject({
      error: { reason: 'invalid_filter', field: 'status', exitCode: 2 },
    });
    const usage = await cli('--json', 'deliveries', 'lst');
    expect(JSON.parse(usage.stderr)).toMatchObject({ error: { reason: 'usage', exitCode: 2 } });
  });

  it('says the database cannot be reached, without the password, with exit code 3', async () => {
    const unreachable = await runCli([
      '--database-url',
      'postgres://postgres:s3cret@127.0.0.1:1/app',
      'endpoints',
      'list',
    ]);
    expectOneLine(
      unreachable,
      3,
      /^dramarelay-webhooks: cannot reach the database at 127\.0\.0\.1:1\/app \(ECONNREFUSED\)$/,
    );
    expect(unreachable.stderr).not.toContain('s3cret');
    expectOneLine(
      await runCli(['endpoints', 'list'], { env: { DATABASE_URL: 'mysql://db/app' } }),
      2,
      /must be a postgres:\/\/ connection string$/,
    );
    expectOneLine(
      await runCli(['stats']),
      2,
      /^dramarelay-webhooks: no database given: set DATABASE_URL or pass --database-url$/,
    );
  });

  it('says which packages to install when kysely and pg are missing', async () => {
    expectOneLine(
      await runCli(['endpoints', 'list'], { env, nodeFlags: ['--import', hideDrivers] }),
      3,
      /needs the packages kysely and pg .*: npm install kysely pg$/,
    );
  });

  it('refuses an unknown command or option with exit code 2, and helps on request', async () => {
    expectOneLine(
      await cli('endpoint', 'list'),
      2,
      /^dramarelay-webhooks: unknown command 'endpoint' \(Did you mean endpoints\?\)$/,
    );
    expectOneLine(await cli('endpoints', 'list', '--colour'), 2, /unknown option '--colour'/);
    const help = await cli('deliveries', 'list', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: dramarelay-webhooks deliveries list [options]');
    expect(help.stdout).toContain('--status <status>');
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: dramarelay-webhooks [options] [command]');
  });
});
