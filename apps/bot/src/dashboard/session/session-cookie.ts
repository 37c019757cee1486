import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { BASE } from '../dashboard-env.js';

const COOKIE = 'dashboard_session';

/**
 * Whether the browser reached us over https: directly, or through a proxy that says so in
 * `X-Forwarded-Proto`. Believing the header is safe here: it can only add `Secure`.
 */
export function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

export const readSessionCookie = (c: Context) => getCookie(c, COOKIE);

/** HttpOnly, SameSite=Strict, scoped to the dashboard's path; Secure over https. */
export function writeSessionCookie(c: Context, token: string, expiresAt: Date) {
  setCookie(c, COOKIE, token, {
    path: BASE,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, COOKIE, { path: BASE, httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}
