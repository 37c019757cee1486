import type { Child } from 'hono/jsx';
import { BASE } from '../dashboard-env.js';
import type { DashboardSession } from '../session/session.repository.js';
import { CsrfField } from './csrf-field.js';

const NAV = [
  ['overview', 'Overview', `${BASE}`],
  ['endpoints', 'Endpoints', `${BASE}/endpoints`],
  ['deliveries', 'Deliveries', `${BASE}/deliveries`],
  ['replay', 'Replay', `${BASE}/replay`],
  ['tasks', 'Tasks', `${BASE}/tasks`],
] as const;

export type NavItem = (typeof NAV)[number][0];

/** The page frame: navigation, the signed-in key and its scope, sign-out. */
export function Layout(props: {
  title: string;
  session?: DashboardSession | undefined;
  current?: NavItem;
  children: Child;
}) {
  const { session } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${props.title} · dramarelay dashboard`}</title>
        <link rel="stylesheet" href={`${BASE}/assets/style.css`} />
        <script src={`${BASE}/assets/local-time.js`} defer />
      </head>
      <body>
        <header class="top">
          <a class="brand" href={BASE}>
            dramarelay
          </a>
          {session && (
            <nav aria-label="Dashboard">
              {NAV.map(([id, label, href]) => (
                <a href={href} aria-current={props.current === id ? 'page' : undefined}>
                  {label}
                </a>
              ))}
            </nav>
          )}
          {session && (
            <div class="who" data-testid="signed-in">
              <span>{session.apiKey.name}</span>
              <code>{session.apiKey.id}</code>
              {session.apiKey.operator ? (
                <span class="badge operator" title="Sees every tenant">
                  operator: all tenants
                </span>
              ) : (
                <span class="badge tenant" title="Sees this key's tasks and deliveries only">
                  tenant: own key
                </span>
              )}
              <form method="post" action={`${BASE}/sign-out`}>
                <CsrfField session={session} />
                <button type="submit">Sign out</button>
              </form>
            </div>
          )}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
