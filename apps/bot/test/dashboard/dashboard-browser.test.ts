import { seededRandom } from '@dramarelay/test-utils';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.js';
import { serveOnLocalPort } from '../support/http-server.js';
import { createTask, deliverRounds, sendTestWebhook } from '../support/operating.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

/**
 * The dashboard in a real headless Chromium, against the real app on a real socket, with a
 * real receiver on 127.0.0.1 that verifies every signature.
 */
let t: TestApp;
let server: Awaited<ReturnType<typeof serveOnLocalPort>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;

beforeAll(async () => {
  // The original schedule (4 attempts within three minutes) makes an outage short to play.
  t = await createTestApp({ withBot: false, env: { WEBHOOK_RETRY_SCHEDULE: 'original' } });
  server = await serveOnLocalPort(t.app.api);
  // The receiver takes 40 to 160 ms of the app's clock to answer, as a real one would.
  const random = seededRandom(7);
  receiver = await startVerifyingReceiver({
    secret: 'unset',
    now: () => t.clock.now(),
    beforeAnswer: () => t.clock.advance(40 + Math.floor(random() * random() * 120)),
  });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await server?.close();
  await t?.close();
});

/** Delivery rounds until nothing of `endpoint` is pending: every delivery ends as it ends. */
async function settle(endpoint: string) {
  for (let round = 0; round < 60; round++) {
    const page = await t.app.notifier.admin.listDeliveries({
      endpointId: endpoint,
      status: 'pending',
    });
    if (page.deliveries.length === 0) return;
    await deliverRounds(t, 1, 30 * 60_000);
  }
  throw new Error(`deliveries of ${endpoint} still pending`);
}

/** A task of the key whose receiver answers `answer` (200 when undefined). */
async function taskAnswering(headers: Record<string, string>, title: string, answer?: number) {
  const task = await createTask(t, headers, { title, callback_url: receiver.url });
  receiver.state.secret = task.callback_secret;
  receiver.state.answer = answer;
  return { task, endpoint: `task_${task.id}` };
}

async function signIn(page: Page, key: string) {
  await page.goto(`${server.url}/dashboard`);
  expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
  await page.fill('input[name="key"]', key);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${server.url}/dashboard`);
}

const text = (page: Page, selector: string) => page.locator(selector).textContent();

describe('the dashboard in a browser', () => {
  it('shows a delivery failed by a receiver answering 500; redeliver after it recovers delivers it', async () => {
    const { headers, key } = await t.newKey('x2c');
    const healthy = await taskAnswering(headers, 'Healthy receiver');
    // A few deliveries an hour for a working day, so the chart has something to show.
    let delivered = 0;
    for (let hour = 0; hour < 8; hour++) {
      for (let i = 0; i <= (hour * 5) % 4; i++, delivered++) {
        await sendTestWebhook(t, headers, healthy.task.id);
      }
      await settle(healthy.endpoint);
      t.clock.advance(3_600_000);
    }
    const broken = await taskAnswering(headers, 'Receiver in trouble', 500);
    const failed = await sendTestWebhook(t, headers, broken.task.id);
    await settle(broken.endpoint);

    const page = await browser.newPage();
    await signIn(page, key);
    expect(await text(page, '[data-testid="signed-in"]')).toContain('tenant: own key');
    expect(await text(page, '[data-testid="delivered"] .value')).toBe(String(delivered));
    expect(await text(page, '[data-testid="failed"] .value')).toBe('1');
    expect(await text(page, '[data-testid="p99"] .value')).toMatch(/^[1-9]\d* ms$/);
    // The progressive script showed the times in the browser's zone, UTC on hover.
    const time = page.locator('time').first();
    expect(await time.getAttribute('data-local')).toBe('true');
    expect(await time.getAttribute('title')).toMatch(/UTC$/);
    await screenshot(page, 'overview');

    await page.click('text=Failed deliveries');
    await page.click(`tr[data-delivery="${failed.delivery_id}"] a`);
    await page.waitForURL(`${server.url}/dashboard/deliveries/${failed.delivery_id}`);
    expect(await text(page, 'h1')).toContain('failed');
    const log = page.locator('[data-testid="attempt-log"] tbody tr');
    expect(await log.count()).toBe(4);
    expect(await log.first().textContent()).toMatch(/500[\s\S]*http_status/);
    expect(await text(page, '[data-testid="headers"]')).toContain('v1,••••••••');
    await screenshot(page, 'delivery-failed');

    receiver.state.answer = undefined;
    await page.click('button:has-text("Redeliver")');
    expect(await text(page, '[role="status"]')).toContain('Redelivery scheduled');
    await settle(broken.endpoint);
    await page.reload();
    expect(await text(page, 'h1')).toContain('delivered');
    expect(await page.locator('[data-testid="attempt-log"] tbody tr').last().textContent()).toMatch(
      /200/,
    );
    expect(receiver.received.at(-1)).toMatchObject({ status: 200, refusal: undefined });
    await screenshot(page, 'delivery-redelivered');

    await page.goto(`${server.url}/dashboard/endpoints`);
    expect(await page.locator(`tr[data-endpoint="${broken.endpoint}"]`).textContent()).toContain(
      'active',
    );
    await screenshot(page, 'endpoints');
    await page.goto(`${server.url}/dashboard/tasks`);
    expect(await page.locator(`tr[data-task="${broken.task.id}"]`).count()).toBe(1);
    await screenshot(page, 'tasks');
    await page.goto(`${server.url}/dashboard/deliveries`);
    await screenshot(page, 'deliveries');
    const phone = await browser.newPage(390);
    await signIn(phone, key);
    await screenshot(phone, 'overview-phone');
    // Nothing wider than a phone: wide tables scroll inside their own box.
    for (const path of [
      '/dashboard',
      '/dashboard/deliveries',
      `/dashboard/deliveries/${failed.delivery_id}`,
    ]) {
      await phone.goto(`${server.url}${path}`);
      expect(
        await phone.evaluate(() => document.documentElement.scrollWidth),
        path,
      ).toBeLessThanOrEqual(390);
    }
    await screenshot(phone, 'delivery-phone');
  }, 120_000);

  it('replays the failed deliveries of a time range: the dry-run count first, then the replay', async () => {
    const { headers, key } = await t.newKey('replayer');
    const before = await taskAnswering(headers, 'Failed before the range', 503);
    const old = await sendTestWebhook(t, headers, before.task.id);
    await settle(before.endpoint);
    t.clock.advance(3_600_000);
    const since = new Date(t.clock.now());
    const outage = await taskAnswering(headers, 'Outage', 503);
    const inRange = [
      await sendTestWebhook(t, headers, outage.task.id),
      await sendTestWebhook(t, headers, outage.task.id),
    ];
    await settle(outage.endpoint);
    const until = new Date(t.clock.now() + 60_000);
    receiver.state.answer = undefined;

    const page = await browser.newPage();
    await signIn(page, key);
    await page.click('nav >> text=Replay');
    await page.selectOption('select[name="status"]', 'failed');
    // The form's times are UTC, to the minute.
    await page.fill('input[name="since"]', since.toISOString().slice(0, 16));
    await page.fill(
      'input[name="until"]',
      new Date(until.getTime() + 60_000).toISOString().slice(0, 16),
    );
    await page.click('button:has-text("Count matches")');
    expect(await text(page, '[data-testid="dry-run-count"]')).toBe('2');
    await screenshot(page, 'replay-dry-run');

    await page.click('button:has-text("Replay 2 now")');
    expect(await text(page, '[data-testid="replayed"]')).toContain('Replayed 2 deliveries');
    await screenshot(page, 'replay-done');
    await settle(outage.endpoint);
    for (const sent of inRange) {
      expect((await t.app.notifier.admin.getDelivery(sent.delivery_id)).delivery.status).toBe(
        'delivered',
      );
    }
    expect((await t.app.notifier.admin.getDelivery(old.delivery_id)).delivery.status).toBe(
      'failed',
    );
  }, 120_000);

  it("does not show one tenant another tenant's delivery, by its id or its URL", async () => {
    const owner = await t.newKey('owner');
    const own = await taskAnswering(owner.headers, 'Private', 200);
    const theirs = await sendTestWebhook(t, owner.headers, own.task.id);
    await settle(own.endpoint);
    const intruder = await t.newKey('intruder');

    const page = await browser.newPage();
    await signIn(page, intruder.key);
    await page.goto(`${server.url}/dashboard/deliveries`);
    expect(await page.content()).not.toContain(theirs.delivery_id);
    await page.goto(`${server.url}/dashboard/deliveries?endpoint=${own.endpoint}`);
    expect(await text(page, '[data-testid="error"]')).toContain('not found');

    for (const path of [
      `/dashboard/deliveries/${theirs.delivery_id}`,
      `/dashboard/deliveries/${theirs.delivery_id}/payload`,
    ]) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status()).toBe(404);
      expect(await text(page, '[data-testid="error"]')).toContain(
        'no delivery with this id in your scope',
      );
    }
    await screenshot(page, 'not-found');

    const ownerPage = await browser.newPage();
    await signIn(ownerPage, owner.key);
    const response = await ownerPage.goto(
      `${server.url}/dashboard/deliveries/${theirs.delivery_id}`,
    );
    expect(response?.status()).toBe(200);
  }, 120_000);
});
