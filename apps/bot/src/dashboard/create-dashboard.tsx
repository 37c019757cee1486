import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import type { ApiDeps } from '../api/api-deps.js';
import { ApiError } from '../api/api-error.js';
import { authenticateApiKey } from '../api-keys/api-key.repository.js';
import { LOCAL_TIME_JS } from './assets/local-time-js.js';
import { STYLE_CSS } from './assets/style-css.js';
import { BASE, type DashboardEnv } from './dashboard-env.js';
import { renderError } from './dashboard-error.js';
import { SignInPage } from './pages/sign-in-page.js';
import { deliveryDetailRoutes } from './routes/delivery-detail-routes.js';
import { deliveryListRoutes } from './routes/delivery-list-routes.js';
import { endpointRoutes } from './routes/endpoint-routes.js';
import { overviewRoutes } from './routes/overview-routes.js';
import { replayRoutes } from './routes/replay-routes.js';
import { taskRoutes } from './routes/task-routes.js';
import { checkCsrf } from './session/check-csrf.js';
import { requireSession } from './session/require-session.js';
import { createSession, deleteSession } from './session/session.repository.js';
import {
  clearSessionCookie,
  readSessionCookie,
  writeSessionCookie,
} from './session/session-cookie.js';

/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 8 * 3_600_000;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * The delivery dashboard, mounted at `/dashboard`: server-rendered pages over the notifier's
 * admin surface, signed in with an API key and scoped like the API (an operator key sees
 * every tenant). Every form post is checked twice: its origin (`hono/csrf`) and the
 * session's synchronizer token.
 */
export function createDashboard(deps: ApiDeps): Hono<DashboardEnv> {
  const dash = new Hono<DashboardEnv>();
  dash.onError((error, c) => renderError(c, error, deps.logger));

  dash.get('/assets/style.css', (c) =>
    c.body(STYLE_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'max-age=300',
    }),
  );
  dash.get('/assets/local-time.js', (c) =>
    c.body(LOCAL_TIME_JS, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'max-age=300',
    }),
  );

  dash.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });
  dash.use(csrf());

  dash.get('/sign-in', (c) =>
    c.html(
      <SignInPage info={c.req.query('signed-out') === undefined ? undefined : 'Signed out.'} />,
    ),
  );
  dash.post('/sign-in', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    const apiKey = key ? await authenticateApiKey(deps.db, key) : undefined;
    if (!apiKey) {
      return c.html(<SignInPage notice="That API key is not valid, or it was revoked." />, 401);
    }
    const session = await createSession(deps.db, apiKey.id, deps.now(), SESSION_TTL_MS);
    writeSessionCookie(c, session.token, session.expiresAt);
    return c.redirect(BASE, 303);
  });

  const pages = new Hono<DashboardEnv>();
  pages.use(requireSession(deps));
  pages.use(checkCsrf());
  pages.post('/sign-out', async (c) => {
    const token = readSessionCookie(c);
    if (token) await deleteSession(deps.db, token);
    clearSessionCookie(c);
    return c.redirect(`${BASE}/sign-in?signed-out`, 303);
  });
  pages.route('/', overviewRoutes(deps));
  pages.route('/endpoints', endpointRoutes(deps));
  pages.route('/deliveries', deliveryListRoutes(deps));
  pages.route('/deliveries', deliveryDetailRoutes(deps));
  pages.route('/replay', replayRoutes(deps));
  pages.route('/tasks', taskRoutes(deps));
  pages.all('*', () => {
    throw new ApiError(404, 'not_found', 'There is no such page in the dashboard.');
  });
  dash.route('/', pages);
  return dash;
}
