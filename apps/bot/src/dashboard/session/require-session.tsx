import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../database/database.js';
import { BASE, type DashboardEnv } from '../dashboard-env.js';
import { SignInPage } from '../pages/sign-in-page.js';
import { findSession } from './session.repository.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';

/**
 * Pages need a live session. Without a cookie a page asks for sign-in; an expired or
 * unknown session gets the sign-in page with a 401 saying which it was.
 */
export function requireSession(deps: { db: Db; now: () => Date }): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const token = readSessionCookie(c);
    if (token === undefined) {
      if (c.req.method === 'GET') return c.redirect(`${BASE}/sign-in`, 303);
      return c.html(<SignInPage notice="Please sign in first: nothing was done." />, 401);
    }
    const found = await findSession(deps.db, token, deps.now());
    if (found.state !== 'active') {
      clearSessionCookie(c);
      const notice =
        found.state === 'expired'
          ? 'Your session expired. Sign in again to go on.'
          : 'Your session is no longer valid (you signed out, or the key was revoked). Sign in again.';
      return c.html(<SignInPage notice={notice} />, 401);
    }
    const { state: _, ...session } = found;
    c.set('session', session);
    await next();
  };
}
