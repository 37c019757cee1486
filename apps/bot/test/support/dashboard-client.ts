import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

const ORIGIN = 'http://localhost';

/** A browser's requests, in-process: the session cookie kept, forms sent from our origin. */
export interface DashboardClient {
  cookie: string;
  get(path: string): Promise<Response>;
  /** A form post; `_csrf` is taken from `csrfFrom` (a page's HTML) unless given. */
  post(
    path: string,
    form?: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  csrf(): Promise<string>;
}

export async function formPost(
  t: TestApp,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return t.app.api.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** Signs in with a key, as the sign-in form does. */
export async function signIn(t: TestApp, key: string): Promise<DashboardClient> {
  const response = await formPost(t, '/dashboard/sign-in', { key });
  expect(response.status).toBe(303);
  const token = /dashboard_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  expect(token).toBeDefined();
  const cookie = `dashboard_session=${token}`;
  const client: DashboardClient = {
    cookie,
    get: async (path) => t.app.api.request(path, { headers: { cookie } }),
    post: async (path, form = {}, headers = {}) => formPost(t, path, form, { cookie, ...headers }),
    async csrf() {
      const html = await (await client.get('/dashboard')).text();
      const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      expect(token).toBeDefined();
      return token as string;
    },
  };
  return client;
}
