import { describe, expect, it } from 'vitest';
import type { DeliveryPage, DeliveryRecord } from '../../src/index.js';
import { runCli, runCliJson } from './support/run-cli.js';
import { useOutage } from './support/use-outage.js';

const outage = useOutage();

interface DetailJson {
  delivery: DeliveryRecord;
  message: { id: string; eventType: string; body: string };
  endpoint: { id: string; state: string };
  attempts: {
    attempt: number;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
    responseExcerpt: string | null;
  }[];
}

describe('dramarelay-webhooks deliveries', { timeout: 60_000 }, () => {
  const list = (...args: string[]) =>
    runCliJson<DeliveryPage>(['deliveries', 'list', ...args], { env: outage.env });
  const ids = (page: DeliveryPage) => page.deliveries.map((d) => d.id);

  it('lists deliveries newest first, filtered by status, endpoint, event type and time', async () => {
    const all = await list();
    expect(all.deliveries).toHaveLength(8);
    const created = all.deliveries.map((d) => Date.parse(String(d.createdAt)));
    expect(created).toEqual([...created].sort((a, b) => b - a));

    const failed = await list('--status', 'failed');
    expect(failed.deliveries.map((d) => [d.endpointId, d.lastStatusCode])).toEqual([
      ['orders', 410],
      ['orders', 500],
      ['orders', 500],
      ['orders', 500],
    ]);
    expect(ids(await list('--status', 'pending,delivered'))).toHaveLength(4);
    expect(ids(await list('--status', 'pending', '--status', 'delivered'))).toHaveLength(4);
    const billing = await list('--endpoint', 'billing');
    expect(billing.deliveries.every((d) => d.status === 'delivered')).toBe(true);
    expect(billing.deliveries.map((d) => d.eventType)).toEqual(['invoice.sent', 'invoice.sent']);
    expect(ids(await list('--event-type', 'order.paid'))).toHaveLength(6);
    expect(ids(await list('--endpoint', 'billing,orders'))).toHaveLength(8);

    // The first round was seeded at `seededAt`, the 410 a minute later, the last two after two.
    const oneMinuteIn = new Date(outage.seeded.seededAt.getTime() + 30_000).toISOString();
    const twoMinutesIn = new Date(outage.seeded.seededAt.getTime() + 90_000).toISOString();
    expect(ids(await list('--since', oneMinuteIn))).toHaveLength(3);
    expect(ids(await list('--since', oneMinuteIn, '--until', twoMinutesIn))).toHaveLength(1);
    expect(ids(await list('--until', oneMinuteIn))).toHaveLength(5);
    expect(ids(await list('--since', '1h'))).toHaveLength(8);
    expect(ids(await list('--since', '1m'))).toHaveLength(0);
  });

  it('pages with --limit and --cursor without losing or repeating a delivery', async () => {
    const seen: string[] = [];
    let page = await list('--limit', '3');
    seen.push(...ids(page));
    while (page.nextCursor !== null) {
      page = await list('--limit', '3', '--cursor', page.nextCursor);
      seen.push(...ids(page));
    }
    expect(seen).toEqual(ids(await list()));

    const human = await runCli(['deliveries', 'list', '--limit', '3'], { env: outage.env });
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+CREATED\s+ENDPOINT\s+EVENT\s+STATUS\s+ATTEMPTS\s+LAST ERROR$/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      /^dlv_\S+\s+20\d\d-\d\d-\d\d \d\d:\d\d:\d\dZ\s+orders\s+order\.paid\s+pending\s+0\s+-$/,
    );
    expect(lines[4]).toMatch(/^more: --cursor \S+$/);
  });

  it('shows one delivery with its attempt log: status, duration, error and response excerpt', async () => {
    const [failed500] = (
      await list('--status', 'failed', '--event-type', 'order.paid', '--limit', '2')
    ).deliveries.slice(1);
    const detail = await runCliJson<DetailJson>(['deliveries', 'show', failed500!.id], {
      env: outage.env,
    });
    expect(detail.delivery).toMatchObject({ id: failed500!.id, status: 'failed', attempts: 1 });
    expect(detail.message).toMatchObject({ eventType: 'order.paid', body: '{"n":3}' });
    expect(detail.endpoint).toMatchObject({ id: 'orders', state: 'disabled' });
    expect(detail.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: 500,
        responseExcerpt: 'receiver says 500',
        error: expect.stringContaining('500'),
      }),
    ]);
    expect(detail.attempts[0]!.durationMs).toBeGreaterThanOrEqual(0);

    const human = await runCli(['deliveries', 'show', failed500!.id], { env: outage.env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^status\s+failed$/m);
    expect(human.stdout).toMatch(
      /^endpoint\s+orders \(disabled\) http:\/\/127\.0\.0\.1:\d+\/410$/m,
    );
    expect(human.stdout).toMatch(/^payload\s+\{"n":3\}$/m);
    expect(human.stdout).toMatch(/^#\s+STARTED\s+RESULT\s+DURATION\s+ERROR\s+RESPONSE$/m);
    expect(human.stdout).toMatch(
      /^1\s+20\d\d-\S+ \S+Z\s+500\s+\d+(\.\d)? ms\s+.*500.*\s+receiver says 500$/m,
    );
  });

  it('redelivers one delivery, and refuses with the reason while its endpoint is disabled', async () => {
    const [gone] = (await list('--status', 'failed', '--limit', '1')).deliveries;
    const refused = await runCli(['deliveries', 'redeliver', gone!.id], { env: outage.env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^dramarelay-webhooks: endpoint orders is disabled \(.*410.*\): nothing would be sent; enable it first\n$/,
    );
    const unchanged = await runCliJson<DetailJson>(['deliveries', 'show', gone!.id], {
      env: outage.env,
    });
    expect(unchanged.delivery.status).toBe('failed');

    const [delivered] = (await list('--endpoint', 'billing', '--limit', '1')).deliveries;
    const again = await runCliJson<DeliveryRecord>(['deliveries', 'redeliver', delivered!.id], {
      env: outage.env,
    });
    expect(again).toMatchObject({ id: delivered!.id, status: 'pending' });
    expect(Math.abs(Date.parse(String(again.nextAttemptAt)) - Date.now())).toBeLessThan(60_000);
    const human = await runCli(['deliveries', 'redeliver', delivered!.id], { env: outage.env });
    expect(human.stdout).toBe(`Redelivering ${delivered!.id} to billing: due now.\n`);
  });
});
