import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryPage, EndpointPage, PruneResult } from '../../src/index.js';
import { usePostgres } from '../kysely/support/postgres.js';
import { runCli, runCliJson } from './support/run-cli.js';
import { seedOutage } from './support/seed-outage.js';
import { type StatusReceiver, startStatusReceiver } from './support/status-receiver.js';

const postgres = usePostgres();

describe('dramarelay-webhooks prune and migrate', { timeout: 90_000 }, () => {
  let receiver: StatusReceiver;
  beforeAll(async () => {
    receiver = await startStatusReceiver();
  });
  afterAll(() => receiver.close());

  it('prunes finished messages older than the ages given, never a pending one', async () => {
    await seedOutage(postgres.db, receiver);
    const env = { DATABASE_URL: postgres.database.connectionString };
    const kept = await runCliJson<PruneResult>(
      ['prune', '--delivered-max-age', '1h', '--failed-max-age', '1h'],
      { env },
    );
    expect(kept).toMatchObject({ ran: true, messages: 0 });

    const human = await runCli(['prune', '--delivered-max-age', '5m', '--failed-max-age', '5m'], {
      env,
    });
    expect(human).toMatchObject({
      code: 0,
      stdout: 'Pruned 6 messages (6 deliveries, 6 attempts) in 1 batch.\n',
    });
    const left = await runCliJson<DeliveryPage>(['deliveries', 'list'], { env });
    expect(left.deliveries.map((d) => d.status)).toEqual(['pending', 'pending']);

    const tooShort = await runCli(
      ['prune', '--delivered-max-age', '30s', '--failed-max-age', '1d'],
      {
        env,
      },
    );
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toBe(
      'dramarelay-webhooks: --delivered-max-age must be an integer >= 60000\n',
    );
    const missing = await runCli(['prune', '--delivered-max-age', '7d'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /required option '--failed-max-age <duration>' not specified\n$/,
    );
  });

  it('migrates a fresh database, in the default schema or another, and says when it is up to date', async () => {
    const fresh = { DATABASE_URL: await postgres.database.createDatabase() };
    const before = await runCli(['endpoints', 'list'], { env: fresh });
    expect(before.code).toBe(3);
    expect(before.stderr).toMatch(
      /tables are missing or out of date .*: run the migrate command\n$/,
    );

    const first = await runCli(['migrate'], { env: fresh });
    expect(first.stdout).toBe(
      'Applied 0001_create_webhook_tables, 0002_settle_function, 0003_operating_deliveries, 0004_endpoint_records, 0005_ordering_and_rate_limits, 0006_message_trace_context, 0007_claim_function.\n',
    );
    expect(await runCliJson(['migrate'], { env: fresh })).toEqual({ applied: [] });
    expect((await runCli(['migrate'], { env: fresh })).stdout).toBe('Up to date.\n');
    expect(await runCliJson<EndpointPage>(['endpoints', 'list'], { env: fresh })).toEqual({
      endpoints: [],
      nextCursor: null,
    });

    const inSchema = await runCliJson<{ applied: string[] }>(['--schema', 'ops', 'migrate'], {
      env: fresh,
    });
    expect(inSchema.applied).toHaveLength(7);
    const listed = await runCli(['endpoints', 'list', '--schema', 'ops'], { env: fresh });
    expect(listed).toMatchObject({ code: 0, stdout: 'No endpoints.\n' });
    const wrong = await runCli(['endpoints', 'list', '--schema', 'nowhere'], { env: fresh });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/tables in schema nowhere are missing/);
  });
});
