import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOnLocalPort } from '../support/http-server.js';
import { createTask, deliverRounds, sendTestWebhook } from '../support/operating.js';
import { startReceiver } from '../support/receiver.js';
import { readScrape } from '../support/scrape.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'prometheus-scrapes-with-this-token';

describe('GET /metrics with METRICS_TOKEN set', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof serveOnLocalPort>>;
  const receivers: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    t = await createTestApp({
      withBot: false,
      env: { METRICS_TOKEN: TOKEN, WEBHOOK_RETRY_SCHEDULE: 'original' },
    });
    server = await serveOnLocalPort(t.app.api);
  }, 60_000);
  afterAll(async () => {
    await server.close();
    for (const receiver of receivers) await receiver.close();
    await t.close();
  });
  const scrape = (authorization?: string) =>
    fetch(`${server.url}/metrics`, authorization ? { headers: { authorization } } : {});

  it('counts real deliveries and failures, times attempts, and reads the backlog and endpoints at scrape time', async () => {
    const { headers } = await t.newKey('x2c');
    const healthy = await startReceiver();
    const broken = await startReceiver(500, 500, 500, 500);
    receivers.push(healthy, broken);
    const task = await createTask(t, headers, {
      title: 'Episode 1',
      task_id: 'x2c-metrics-1',
      callback_url: healthy.url,
    });
    const put = await t.request('/api/endpoint', {
      method: 'PUT',
      headers,
      json: { url: broken.url },
    });
    expect(put.status).toBe(200);
    await sendTestWebhook(t, headers, task.id);
    await sendTestWebhook(t, headers, task.id);
    await sendTestWebhook(t, headers, null);
    // The original schedule: 4 attempts in all, the last one fails the delivery.
    await deliverRounds(t, 5);
    await sendTestWebhook(t, headers, task.id);
    t.clock.advance(90_000);

    const metrics = await readScrape(await scrape(`Bearer ${TOKEN}`));

    expect(healthy.received).toHaveLength(2);
    expect(broken.received).toHaveLength(4);
    const test = { event_type: 'webhook.test' };
    expect(metrics.type('dramarelay_webhook_deliveries_total')).toBe('counter');
    expect(
      metrics.value('dramarelay_webhook_deliveries_total', { ...test, result: 'delivered' }),
    ).toBe(2);
    expect(
      metrics.value('dramarelay_webhook_deliveries_total', { ...test, result: 'failed' }),
    ).toBe(1);
    expect(metrics.type('dramarelay_webhook_attempt_duration_seconds')).toBe('histogram');
    const attempts = (result: string) =>
      metrics.value('dramarelay_webhook_attempt_duration_seconds_count', { ...test, result });
    expect([attempts('delivered'), attempts('retry'), attempts('failed')]).toEqual([2, 3, 1]);
    // Every attempt is in the +Inf bucket.
    expect(
      metrics.value('dramarelay_webhook_attempt_duration_seconds_bucket', {
        ...test,
        result: 'retry',
        le: '+Inf',
      }),
    ).toBe(3);
    expect(metrics.value('dramarelay_webhook_backlog')).toBe(1);
    expect(metrics.value('dramarelay_webhook_oldest_pending_age_seconds')).toBe(90);
    expect(metrics.value('dramarelay_webhook_endpoints', { state: 'active' })).toBe(2);
    expect(metrics.value('dramarelay_webhook_endpoints', { state: 'paused' })).toBe(0);
    expect(metrics.value('dramarelay_webhook_endpoints', { state: 'disabled' })).toBe(0);
  });

  it('counts and times API requests by route pattern and status, never by raw path', async () => {
    const { headers } = await t.newKey('patterns');
    const task = await createTask(t, headers, { title: 'Episode 2', task_id: 'x2c-metrics-2' });
    const before = await readScrape(await scrape(`Bearer ${TOKEN}`));
    const route = (labels: Record<string, string>) =>
      before.value('dramarelay_http_requests_total', labels) ?? 0;
    const shown = { method: 'GET', route: '/api/tasks/:id', status: '200' };
    const missing = { method: 'GET', route: '/api/tasks/:id', status: '404' };
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };

    for (const path of [`/api/tasks/${task.id}`, `/api/tasks/${task.id}`, '/api/tasks/99999999']) {
      await fetch(`${server.url}${path}`, { headers });
    }
    await fetch(`${server.url}/no/such/page/${'x'.repeat(40)}`);
    const after = await readScrape(await scrape(`Bearer ${TOKEN}`));

    const grew = (labels: Record<string, string>) =>
      (after.value('dramarelay_http_requests_total', labels) ?? 0) - route(labels);
    expect(grew(shown)).toBe(2);
    expect(grew(missing)).toBe(1);
    expect(grew(unmatched)).toBe(1);
    const routes = new Set(
      after.samples('dramarelay_http_requests_total').map((s) => s.labels.route),
    );
    for (const seen of routes) expect(seen).not.toMatch(/\d{3,}|xxxx/);
    expect(routes).toContain('/metrics');
    const timed = (scrape: typeof before) =>
      scrape.value('dramarelay_http_request_duration_seconds_count', shown) ?? 0;
    expect(timed(after) - timed(before)).toBe(2);
  });

  it('answers 401 without a bearer token or with a wrong one, and shows nothing', async () => {
    for (const authorization of [
      undefined,
      `Bearer ${TOKEN}x`,
      'Bearer ',
      `Basic ${TOKEN}`,
      TOKEN,
    ]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const body = await response.text();
      expect(body).not.toContain('dramarelay_');
      expect(JSON.parse(body)).toMatchObject({ success: false, field: 'Authorization' });
    }
    expect((await (await scrape()).json()).reason).toBe('missing_metrics_token');
    expect((await (await scrape(`Bearer ${TOKEN}x`)).json()).reason).toBe('invalid_metrics_token');
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withBot: false });
  }, 60_000);
  afterAll(() => t.close());

  it('is not there: 404, whatever the token', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
      const response = await t.request('/metrics', { headers });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ reason: 'not_found' });
    }
  });
});
