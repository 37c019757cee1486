import { verify } from '@dramarelay/receiver-verify';
import { describe, expect, it } from 'vitest';
import type { EndpointHealth, EndpointPage } from '../../src/index.js';
import { runCli, runCliJson } from './support/run-cli.js';
import { SECRET, seedingNotifier } from './support/seed-outage.js';
import { useOutage } from './support/use-outage.js';

const outage = useOutage();
/** The start of every colour escape sequence. */
const ANSI = '\u001b[';

describe('dramarelay-webhooks endpoints', { timeout: 60_000 }, () => {
  it('lists endpoints with their health: why one is disabled and what waits for it', async () => {
    const page = await runCliJson<EndpointPage>(['endpoints', 'list'], { env: outage.env });

    expect(page.nextCursor).toBeNull();
    expect(page.endpoints.map((e) => [e.id, e.state, e.pendingCount])).toEqual([
      ['billing', 'active', 0],
      ['orders', 'disabled', 2],
    ]);
    const orders = page.endpoints[1]!;
    expect(orders).toMatchObject({ disabledCause: 'gone', consecutiveFailures: 4 });
    expect(orders.disabledReason).toMatch(/410/);
    expect(JSON.stringify(page)).not.toContain(SECRET);

    const human = await runCli(['endpoints', 'list'], { env: outage.env });
    expect(human.code).toBe(0);
    const [head, ...rows] = human.stdout.trimEnd().split('\n');
    expect(head).toMatch(
      /^ID\s+STATE\s+URL\s+FAILURES\s+PENDING\s+LAST SUCCESS\s+LAST FAILURE\s+WHY$/,
    );
    expect(rows[0]).toMatch(/^billing\s+active\s+http:\/\/127\.0\.0\.1:\d+\/204\s+0\s+0\s+20\d\d-/);
    expect(rows[1]).toMatch(/^orders\s+disabled\s+\S+\/410\s+4\s+2\s+-\s+20\d\d-.*\sgone: .*410/);
    expect(human.stdout).not.toContain(ANSI);
  });

  it('pages through endpoints with --limit and the printed --cursor', async () => {
    const first = await runCliJson<EndpointPage>(['endpoints', 'list', '--limit', '1'], {
      env: outage.env,
    });
    expect(first.endpoints.map((e) => e.id)).toEqual(['billing']);
    const human = await runCli(['endpoints', 'list', '--limit', '1'], { env: outage.env });
    expect(human.stdout).toContain(`more: --cursor ${first.nextCursor}`);

    const second = await runCliJson<EndpointPage>(
      ['endpoints', 'list', '--limit', '1', '--cursor', first.nextCursor!],
      { env: outage.env },
    );
    expect(second).toMatchObject({ endpoints: [{ id: 'orders' }], nextCursor: null });
  });

  it('shows one endpoint, as JSON and as labelled lines', async () => {
    const orders = await runCliJson<EndpointHealth>(['endpoints', 'show', 'orders'], {
      env: outage.env,
    });
    expect(orders).toMatchObject({ id: 'orders', state: 'disabled', signingSecretCount: 1 });

    const human = await runCli(['endpoints', 'show', 'orders'], { env: outage.env });
    expect(human.stdout).toMatch(/^state\s+disabled$/m);
    expect(human.stdout).toMatch(/^why\s+gone: .*410/m);
    expect(human.stdout).toMatch(/^pending deliveries\s+2$/m);
    // An inline endpoint: no tenant, every event type.
    expect(human.stdout).toMatch(/^tenant\s+-$/m);
    expect(human.stdout).toMatch(/^event types\s+all$/m);
  });

  it('disables an endpoint by hand with a reason, and enables it again', async () => {
    const disabled = await runCliJson<EndpointHealth>(
      ['endpoints', 'disable', 'billing', '--reason', 'receiver migrating, ticket 123'],
      { env: outage.env },
    );
    expect(disabled).toMatchObject({
      state: 'disabled',
      disabledCause: 'manual',
      disabledReason: 'receiver migrating, ticket 123',
    });

    const enabled = await runCli(['endpoints', 'enable', 'billing'], { env: outage.env });
    expect(enabled).toMatchObject({ code: 0, stderr: '' });
    expect(enabled.stdout).toBe('Enabled billing: 0 pending deliveries go out now.\n');
    const billing = await runCliJson<EndpointHealth>(['endpoints', 'show', 'billing'], {
      env: outage.env,
    });
    expect(billing).toMatchObject({ state: 'active', disabledCause: null, disabledReason: null });
  });

  it('points an endpoint elsewhere: its waiting deliveries go to the new URL once enabled', async () => {
    const refused = await runCli(['endpoints', 'set-url', 'orders', outage.receiver.url(204)], {
      env: outage.env,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^dramarelay-webhooks: endpoint refused: .*127\.0\.0\.1/);

    const moved = await runCli(
      ['--allow-host', '127.0.0.1', 'endpoints', 'set-url', 'orders', outage.receiver.url(204)],
      { env: outage.env },
    );
    expect(moved.stdout).toBe(`orders now points to ${outage.receiver.url(204)}.\n`);
    expect((await runCli(['endpoints', 'enable', 'orders'], { env: outage.env })).stdout).toBe(
      'Enabled orders: 2 pending deliveries go out now.\n',
    );

    const notifier = seedingNotifier(outage.postgres.db);
    await notifier.runOnce();
    await notifier.stop();
    const sent = outage.receiver.requests.slice(-2);
    expect(sent.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      ['/204', { n: 5 }],
      ['/204', { n: 6 }],
    ]);
  });

  it('rotates a secret with an overlap: both sign until it ends; a generated secret is printed once', async () => {
    const rotated = await runCliJson<{ endpoint: EndpointHealth; newSecret: string }>(
      ['endpoints', 'rotate-secret', 'billing', '--overlap', '1h'],
      { env: outage.env },
    );
    expect(rotated.newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(rotated.endpoint.signingSecretCount).toBe(2);
    const overlapEnds = Date.parse(String(rotated.endpoint.previousSecretsExpireAt));
    expect(overlapEnds - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(overlapEnds - Date.now()).toBeLessThanOrEqual(60 * 60_000);

    const [delivered] = (
      await runCliJson<{ deliveries: { id: string }[] }>(
        ['deliveries', 'list', '--endpoint', 'billing', '--limit', '1'],
        { env: outage.env },
      )
    ).deliveries;
    await runCliJson(['deliveries', 'redeliver', delivered!.id], { env: outage.env });
    const notifier = seedingNotifier(outage.postgres.db);
    await notifier.runOnce();
    await notifier.stop();
    const { headers, body } = outage.receiver.requests.at(-1)!;
    const asReceived = headers as Record<string, string>;
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
    await expect(verify(body, asReceived, rotated.newSecret)).resolves.toEqual({ n: 2 });
    await expect(verify(body, asReceived, SECRET)).resolves.toEqual({ n: 2 });

    const human = await runCli(['endpoints', 'rotate-secret', 'billing', '--overlap', '0s'], {
      env: outage.env,
    });
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Rotated the secret of billing: only the new one signs.');
    expect(lines[1]).toBe('The new secret, shown only this once; give it to the receiver:');
    expect(lines[2]).toMatch(/^ {2}whsec_/);
    const after = await runCli(['endpoints', 'show', 'billing', '--json'], { env: outage.env });
    expect(after.stdout).not.toContain(lines[2]!.trim());
  });
});
