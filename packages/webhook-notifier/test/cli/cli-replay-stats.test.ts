import { describe, expect, it } from 'vitest';
import type { DeliveryPage, DeliveryStats, ReplayResult } from '../../src/index.js';
import { runCli, runCliJson } from './support/run-cli.js';
import { seedingNotifier } from './support/seed-outage.js';
import { useOutage } from './support/use-outage.js';

const outage = useOutage();

describe('dramarelay-webhooks replay and stats', { timeout: 90_000 }, () => {
  const replay = (...args: string[]) =>
    runCliJson<ReplayResult>(['replay', ...args], { env: outage.env });
  const statuses = async (endpoint: string) =>
    (
      await runCliJson<DeliveryPage>(['deliveries', 'list', '--endpoint', endpoint], {
        env: outage.env,
      })
    ).deliveries.map((d) => d.status);

  it('replays an outage: dry run first, then every failed delivery once, safe to run twice', async () => {
    const refused = await runCli(['replay', '--endpoint', 'orders', '--dry-run'], {
      env: outage.env,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^dramarelay-webhooks: endpoint orders is disabled .*enable it first\n$/,
    );

    const counted = await replay('--dry-run');
    expect(counted).toMatchObject({ dryRun: true, matched: 0, onDisabledEndpoints: 4 });
    const human = await runCli(['replay', '--dry-run'], { env: outage.env });
    expect(human.stdout).toBe(
      '0 deliveries would be replayed.\n4 more deliveries match on disabled endpoints and would be left alone: enable them first.\n',
    );

    await runCli(
      ['--allow-host', '127.0.0.1', 'endpoints', 'set-url', 'orders', outage.receiver.url(204)],
      {
        env: outage.env,
      },
    );
    await runCli(['endpoints', 'enable', 'orders'], { env: outage.env });
    expect(await replay('--endpoint', 'orders', '--since', '1h', '--dry-run')).toMatchObject({
      matched: 4,
      onDisabledEndpoints: 0,
    });
    expect(await statuses('orders')).toEqual(['pending', 'pending', ...Array(4).fill('failed')]);

    const done = await runCli(['replay', '--endpoint', 'orders', '--since', '1h'], {
      env: outage.env,
    });
    expect(done).toMatchObject({ code: 0, stdout: 'Replayed 4 deliveries in 1 batch.\n' });
    expect(done.stderr).toBe('');
    expect(await statuses('orders')).toEqual(Array(6).fill('pending'));
    expect(await replay('--endpoint', 'orders')).toMatchObject({ replayed: 0 });

    const notifier = seedingNotifier(outage.postgres.db);
    await notifier.runOnce();
    await notifier.stop();
    expect(await statuses('orders')).toEqual(Array(6).fill('delivered'));
    const bodies = outage.receiver.requests
      .filter((r) => r.path === '/204')
      .map((r) => JSON.parse(r.body).n);
    expect(bodies.sort()).toEqual([1, 1, 2, 2, 3, 4, 5, 6]);
  });

  it('replays by event type and status, in limited batches that go on from the printed cursor', async () => {
    await runCli(['endpoints', 'enable', 'orders'], { env: outage.env });
    expect(await replay('--event-type', 'invoice.sent', '--dry-run')).toMatchObject({ matched: 0 });
    expect(
      await replay('--event-type', 'invoice.sent', '--status', 'delivered', '--dry-run'),
    ).toMatchObject({ matched: 2 });

    const first = await runCli(['replay', '--batch-size', '1', '--max-batches', '2'], {
      env: outage.env,
    });
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Replayed 2 deliveries in 2 batches.');
    const cursor = /^Stopped at --max-batches; go on with: --cursor (\S+)$/.exec(lines[1]!)?.[1];
    expect(cursor).toBeDefined();
    const rest = await replay('--batch-size', '1', '--cursor', cursor!);
    expect(rest).toMatchObject({ replayed: 2, cursor: null });
    expect(await statuses('orders')).toEqual(Array(6).fill('pending'));
  });

  it('reports success rates, volumes and latency per endpoint and overall', async () => {
    const stats = await runCliJson<DeliveryStats>(['stats', '--since', '24h'], { env: outage.env });
    expect(stats.endpoints.map((e) => e.endpointId)).toEqual(['billing', 'orders']);
    expect(stats.endpoints[0]).toMatchObject({
      messages: 2,
      delivered: 2,
      failed: 0,
      attempts: 2,
      firstAttemptSuccessRate: 1,
      eventualSuccessRate: 1,
    });
    expect(stats.endpoints[1]).toMatchObject({
      messages: 6,
      delivered: 0,
      failed: 4,
      pending: 2,
      attempts: 4,
      firstAttemptSuccessRate: 0,
      eventualSuccessRate: 0,
    });
    expect(stats.overall).toMatchObject({ messages: 8, delivered: 2, failed: 4, attempts: 6 });
    expect(stats.overall.eventualSuccessRate).toBeCloseTo(2 / 6);
    const { p50, p95, p99 } = stats.overall.latencyMs!;
    expect(p50).toBeGreaterThanOrEqual(0);
    expect(p95).toBeGreaterThanOrEqual(p50);
    expect(p99).toBeGreaterThanOrEqual(p95);
    expect(Date.parse(String(stats.until)) - Date.parse(String(stats.since))).toBe(86_400_000);

    const defaults = await runCliJson<DeliveryStats>(['stats'], { env: outage.env });
    expect(Date.parse(String(defaults.until)) - Date.parse(String(defaults.since))).toBe(
      86_400_000,
    );
    const one = await runCliJson<DeliveryStats>(['stats', '--endpoint', 'billing'], {
      env: outage.env,
    });
    expect(one.endpoints.map((e) => e.endpointId)).toEqual(['billing']);
    const empty = await runCliJson<DeliveryStats>(['stats', '--since', '1m'], { env: outage.env });
    expect(empty.overall).toMatchObject({ messages: 0, attempts: 0, latencyMs: null });

    const human = await runCli(['stats', '--since', '24h'], { env: outage.env });
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^From 20\S+ \S+Z to 20\S+ \S+Z$/);
    expect(lines[1]).toMatch(
      /^ENDPOINT\s+MESSAGES\s+DELIVERED\s+FAILED\s+PENDING\s+FIRST TRY\s+EVENTUAL\s+ATTEMPTS\s+P50\s+P95\s+P99$/,
    );
    expect(lines[2]).toMatch(/^billing\s+2\s+2\s+0\s+0\s+100\.0%\s+100\.0%\s+2\s+[\d.]+ ms/);
    expect(lines[3]).toMatch(/^orders\s+6\s+0\s+4\s+2\s+0\.0%\s+0\.0%\s+4\s+[\d.]+ ms/);
    expect(lines[4]).toMatch(/^all\s+8\s+2\s+4\s+2\s+33\.3%\s+33\.3%\s+6\s+[\d.]+ ms/);
  });
});
