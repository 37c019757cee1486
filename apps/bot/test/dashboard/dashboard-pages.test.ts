import { seededRandom } from '@dramarelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/api-keys/api-key.repository.js';
import { type DashboardClient, formPost, signIn } from '../support/dashboard-client.js';
import { createTask, sendTestWebhook } from '../support/operating.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { startVerifyingReceiver } from '../support/verifying-receiver.js';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
let keyA: { id: string; key: string; headers: Record<string, string> };
let keyB: { id: string; key: string; headers: Record<string, string> };
let operatorKey: string;
let failing: { delivery_id: string; endpoint_id: string };
let other: { delivery_id: string; endpoint_id: string };
let a: DashboardClient;

beforeAll(async () => {
  t = await createTestApp({ withBot: false });
  receiver = await startVerifyingReceiver({ secret: 'unset', now: () => t.clock.now() });
  keyA = await t.newKey('tenant a');
  keyB = await t.newKey('tenant b');
  ({ plainKey: operatorKey } = await createApiKey(t.db, 'ops', new Date(t.clock.now()), {
    operator: true,
  }));
  const taskA = await createTask(t, keyA.headers, { title: 'A', callback_url: receiver.url });
  receiver.state.secret = taskA.callback_secret;
  receiver.state.answer = 500;
  failing = await sendTestWebhook(t, keyA.headers, taskA.id);
  await t.app.notifier.runOnce();
  // Tenant B's receiver does not know A's secret: its delivery is refused by the signature.
  const taskB = await createTask(t, keyB.headers, { title: 'B', callback_url: receiver.url });
  other = await sendTestWebhook(t, keyB.headers, taskB.id);
  a = await signIn(t, keyA.key);
}, 60_000);
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const html = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  return response.text();
};

describe('signing in to the dashboard', () => {
  it('exchanges a key for an HttpOnly, SameSite=Strict cookie and shows the tenant scope', async () => {
    const response = await formPost(t, '/dashboard/sign-in', { key: keyA.key });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).not.toContain(keyA.key);
    const page = await html(await a.get('/dashboard'));
    expect(page).toContain('tenant: own key');
    expect(page).toContain(keyA.id);
  });

  it('marks the cookie Secure when the request came over https through a proxy', async () => {
    const response = await formPost(
      t,
      '/dashboard/sign-in',
      { key: keyA.key },
      {
        'x-forwarded-proto': 'https',
      },
    );
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('answers a wrong or revoked key with the sign-in page and a 401', async () => {
    const response = await formPost(t, '/dashboard/sign-in', { key: 'drk_000000000000_nope' });
    expect(response.status).toBe(401);
    expect(await html(response)).toContain('not valid, or it was revoked');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const response = await t.app.api.request('/dashboard/deliveries');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard/sign-in');
  });

  it('shows an operator key every tenant, and says so', async () => {
    const ops = await signIn(t, operatorKey);
    const page = await html(await ops.get('/dashboard/deliveries'));
    expect(page).toContain('operator: all tenants');
    expect(page).toContain(failing.delivery_id);
    expect(page).toContain(other.delivery_id);
    expect((await ops.get(`/dashboard/deliveries/${other.delivery_id}`)).status).toBe(200);
  });
});

describe('one tenant in the dashboard', () => {
  it('sees its own deliveries only', async () => {
    const page = await html(await a.get('/dashboard/deliveries'));
    expect(page).toContain(failing.delivery_id);
    expect(page).not.toContain(other.delivery_id);
  });

  it('gets the same 404 page for another tenant delivery as for one that does not exist', async () => {
    for (const path of [
      `/dashboard/deliveries/${other.delivery_id}`,
      `/dashboard/deliveries/${other.delivery_id}/payload`,
      '/dashboard/deliveries/dlv_doesnotexist',
    ]) {
      const response = await a.get(path);
      expect(response.status).toBe(404);
      expect(await html(response)).toContain('no delivery with this id in your scope');
    }
    const csrf = await a.csrf();
    const redeliver = await a.post(`/dashboard/deliveries/${other.delivery_id}/redeliver`, {
      _csrf: csrf,
    });
    expect(redeliver.status).toBe(404);
    const enable = await a.post(`/dashboard/endpoints/${other.endpoint_id}/enable`, {
      _csrf: csrf,
    });
    expect(enable.status).toBe(404);
    const replay = await a.post('/dashboard/replay', { _csrf: csrf, endpoint: other.endpoint_id });
    expect(replay.status).toBe(404);
  });

  it('sees a delivery: attempt log, pretty payload, headers with masked signatures, exact bytes', async () => {
    const page = await html(await a.get(`/dashboard/deliveries/${failing.delivery_id}`));
    expect(page).toContain('data-attempt="1"');
    expect(page).toMatch(/>500</);
    expect(page).toContain(
      '<pre data-testid="payload">{\n  &quot;event&quot;: &quot;webhook.test&quot;,',
    );
    expect(page).toMatch(/webhook-signature<\/code><\/td><td><code>v1,••••••••<\/code>/);
    expect(page).toContain('X2C-Bot-Webhook/1.0');
    const download = await a.get(`/dashboard/deliveries/${failing.delivery_id}/payload`);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const received = receiver.received[0]!.raw;
    expect(Buffer.from(await download.arrayBuffer()).equals(received)).toBe(true);
  });
});

describe('forms that change something', () => {
  it('enable brings a disabled endpoint back, from the Enable button of the endpoints page', async () => {
    await t.app.notifier.admin.disableEndpoint(failing.endpoint_id, { reason: 'maintenance' });
    const listed = await html(await a.get('/dashboard/endpoints'));
    expect(listed).toMatch(/class="badge disabled">disabled<\/span><div class="muted">maintenance/);
    const action = `/dashboard/endpoints/${failing.endpoint_id}/enable`;
    expect(listed).toContain(`action="${action}"`);
    const enabled = await a.post(action, { _csrf: await a.csrf() });
    expect(enabled.status).toBe(303);
    const after = await html(await a.get(enabled.headers.get('location')!));
    expect(after).toContain(`Enabled <code>${failing.endpoint_id}</code>`);
    expect((await t.app.notifier.admin.getEndpoint(failing.endpoint_id)).state).toBe('active');
  });

  it('refuse a post without the CSRF token, with another session token, or from another origin', async () => {
    const path = `/dashboard/deliveries/${failing.delivery_id}/redeliver`;
    const b = await signIn(t, keyB.key);
    const cases = [
      await a.post(path, {}),
      await a.post(path, { _csrf: await b.csrf() }),
      await a.post(path, { _csrf: await a.csrf() }, { origin: 'https://evil.example' }),
    ];
    for (const response of cases) {
      expect(response.status).toBe(403);
      expect(await html(response)).toMatch(/nothing was done/);
    }
    const page = await html(await a.get(`/dashboard/deliveries/${failing.delivery_id}`));
    expect(page).not.toContain('Redelivery scheduled');
  });
});

describe('sessions', () => {
  it('after sign-out the old cookie no longer opens a page', async () => {
    const c = await signIn(t, keyA.key);
    const out = await c.post('/dashboard/sign-out', { _csrf: await c.csrf() });
    expect(out.status).toBe(303);
    const after = await c.get('/dashboard');
    expect(after.status).toBe(401);
    expect(await html(after)).toContain('no longer valid');
  });

  it('revoking the key ends its sessions at once', async () => {
    const temp = await t.newKey('temporary');
    const c = await signIn(t, temp.key);
    expect((await c.get('/dashboard')).status).toBe(200);
    await revokeApiKey(t.db, temp.id, new Date(t.clock.now()));
    const after = await c.get('/dashboard');
    expect(after.status).toBe(401);
    expect(await html(after)).toContain('the key was revoked');
  });

  it('an expired session gets a page that says so, with a 401', async () => {
    const c = await signIn(t, keyA.key);
    t.clock.advance(9 * 3_600_000);
    try {
      const response = await c.get('/dashboard/deliveries');
      expect(response.status).toBe(401);
      expect(await html(response)).toContain('Your session expired');
    } finally {
      a = await signIn(t, keyA.key);
    }
  });
});

describe('bad input', () => {
  it('gives a page naming the filter at fault, with a 400', async () => {
    const cases: [string, string][] = [
      ['/dashboard/deliveries?status=lost', 'status'],
      ['/dashboard/deliveries?since=yesterday', 'since'],
      ['/dashboard/deliveries?since=2026-12-02T10:00&until=2026-12-01T10:00', 'until'],
      ['/dashboard/deliveries?cursor=!!', 'cursor'],
      ['/dashboard/deliveries?colour=red', 'colour'],
      ['/dashboard/replay?status=pending', 'status'],
      ['/dashboard/tasks?page=0', 'page'],
      ['/dashboard/endpoints?state=on', 'state'],
    ];
    for (const [path, field] of cases) {
      const response = await a.get(path);
      expect(response.status, path).toBe(400);
      expect(await html(response)).toContain(`<code>${field}</code>`);
    }
  });

  it('never answers fuzzed query strings and forms with a 500 or a stack trace', async () => {
    const random = seededRandom(20261202);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const names = [
      'status',
      'endpoint',
      'event_type',
      'since',
      'until',
      'cursor',
      'page',
      'state',
      '_csrf',
      'key',
      'x',
    ];
    const values = [
      '',
      ' ',
      'failed',
      'pending,failed',
      '%',
      '%00',
      '\u0000',
      '😀',
      'task_1',
      '99999999999',
      '-1',
      '2026-12-02T10:00',
      '2026-02-30T25:61',
      'x'.repeat(3000),
      '<script>alert(1)</script>',
      '../../etc',
      'eyJ4IjoxfQ',
      '[]',
      '{"a":1}',
    ];
    const paths = [
      '/dashboard',
      '/dashboard/deliveries',
      '/dashboard/replay',
      '/dashboard/tasks',
      '/dashboard/endpoints',
      `/dashboard/deliveries/${failing.delivery_id}`,
      '/dashboard/deliveries/%F0%9F%98%80',
      '/dashboard/deliveries/a%00b',
      '/dashboard/nope',
    ];
    const posts = [
      '/dashboard/replay',
      '/dashboard/sign-in',
      `/dashboard/deliveries/${failing.delivery_id}/redeliver`,
      '/dashboard/endpoints/%00/enable',
      '/dashboard/sign-out',
    ];
    const csrf = await a.csrf();
    for (let i = 0; i < 300; i++) {
      const params = new URLSearchParams();
      for (let n = Math.floor(random() * 4); n > 0; n--) params.append(pick(names), pick(values));
      const post = random() < 0.4;
      let response: Response;
      if (post) {
        const form = Object.fromEntries(params);
        if (random() < 0.7) form._csrf = csrf;
        response = await a.post(pick(posts), form);
      } else {
        response = await a.get(`${pick(paths)}?${params}`);
      }
      const body = await response.text();
      expect(response.status, `${post ? 'POST' : 'GET'} ${params}`).toBeLessThan(500);
      expect(body).not.toMatch(/ at .+\.(ts|js):\d+/);
      expect(body).not.toContain('<script>alert(1)</script>');
    }
  }, 60_000);
});
