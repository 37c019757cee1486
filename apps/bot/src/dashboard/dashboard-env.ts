import type { DashboardSession } from './session/session.repository.js';

/** Who is signed in: the session's key, its scope, and its forms' CSRF token. */
export type DashboardEnv = { Variables: { session: DashboardSession } };

/** Where the dashboard is mounted; every link and the session cookie's path use it. */
export const BASE = '/dashboard';
