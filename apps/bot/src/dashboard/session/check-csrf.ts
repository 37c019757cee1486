import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../api/api-error.js';
import { CSRF_FIELD } from '../components/csrf-field.js';
import type { DashboardEnv } from '../dashboard-env.js';

/**
 * The synchronizer-token check of every state-changing form: the form's `_csrf` must be
 * the session's token. (`hono/csrf` has already refused cross-origin form posts.)
 */
export function checkCsrf(): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const sent = form[CSRF_FIELD];
    if (typeof sent !== 'string' || sent === '') {
      throw new ApiError(
        403,
        'bad_request',
        'The form had no security token, so nothing was done. Reload the page and try again.',
        CSRF_FIELD,
      );
    }
    const expected = Buffer.from(c.get('session').csrfToken);
    const given = Buffer.from(sent);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(
        403,
        'bad_request',
        'The form\u2019s security token does not belong to this session (an old page, or another sign-in), so nothing was done. Reload the page and try again.',
        CSRF_FIELD,
      );
    }
    await next();
  };
}
