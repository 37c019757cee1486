import type { EndpointHealth } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import type { ApiDeps } from '../../api/api-deps.js';
import { ApiError } from '../../api/api-error.js';
import { adminCall } from '../../api/notifier-error.js';
import { Badge } from '../components/badge.js';
import { CsrfField } from '../components/csrf-field.js';
import { EndpointLabel } from '../components/endpoint-label.js';
import { Layout } from '../components/layout.js';
import { Time } from '../components/time.js';
import { BASE, type DashboardEnv } from '../dashboard-env.js';
import { filterQuery } from '../dashboard-filters.js';
import { assertEndpointInScope, listEndpointsInScope } from '../dashboard-scope.js';

type Session = DashboardEnv['Variables']['session'];
const ENDPOINT_ID = /^[\x21-\x7e]{1,200}$/;

/** Endpoints with their health, and the way back from `disabled`. */
export function endpointRoutes(deps: ApiDeps) {
  const routes = new Hono<DashboardEnv>();

  routes.get('/', async (c) => {
    const { cursor, enabled, ...rest } = c.req.query();
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      throw new ApiError(400, 'invalid_filter', `${unknown} is not a filter of this page`, unknown);
    }
    const session = c.get('session');
    const page = await adminCall('endpoint', () =>
      listEndpointsInScope(deps, session.apiKey, cursor || undefined),
    );
    return c.html(
      <EndpointsPage
        session={session}
        endpoints={page.endpoints}
        nextCursor={page.nextCursor}
        enabled={enabled}
      />,
    );
  });

  routes.post('/:id/enable', async (c) => {
    const id = c.req.param('id');
    if (!ENDPOINT_ID.test(id)) throw new ApiError(404, 'not_found', 'There is no such endpoint.');
    await assertEndpointInScope(deps, c.get('session').apiKey, id);
    await adminCall('endpoint', () => deps.operations.admin.enableEndpoint(id));
    return c.redirect(`${BASE}/endpoints${filterQuery({ enabled: id })}`, 303);
  });

  return routes;
}

function EndpointsPage(props: {
  session: Session;
  endpoints: EndpointHealth[];
  nextCursor: string | null;
  enabled: string | undefined;
}) {
  return (
    <Layout title="Endpoints" session={props.session} current="endpoints">
      <h1>Endpoints</h1>
      {props.enabled && (
        <div class="notice ok" role="status">
          Enabled <code>{props.enabled}</code>: its waiting deliveries go out again.
        </div>
      )}
      {props.endpoints.length === 0 ? (
        <p class="muted">No endpoint has received a delivery yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Endpoint</th>
                <th>State</th>
                <th class="hide-narrow">URL</th>
                <th class="num">Pending</th>
                <th class="num hide-narrow">Failures in a row</th>
                <th class="hide-narrow">Last success</th>
                <th class="hide-narrow">Last failure</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {props.endpoints.map((e) => (
                <tr data-endpoint={e.id}>
                  <td>
                    <EndpointLabel id={e.id} />
                    <div>
                      <a href={`${BASE}/deliveries${filterQuery({ endpoint: e.id })}`}>
                        deliveries
                      </a>
                    </div>
                  </td>
                  <td>
                    <Badge status={e.state} />
                    {e.disabledReason && <div class="muted">{e.disabledReason}</div>}
                    {e.state === 'paused' && (
                      <div class="muted">
                        until <Time at={e.pausedUntil} />
                      </div>
                    )}
                  </td>
                  <td class="hide-narrow">
                    <code>{e.url}</code>
                  </td>
                  <td class="num">{e.pendingCount}</td>
                  <td class="num hide-narrow">{e.consecutiveFailures}</td>
                  <td class="hide-narrow">
                    <Time at={e.lastSuccessAt} empty="never" />
                  </td>
                  <td class="hide-narrow">
                    <Time at={e.lastFailureAt} empty="never" />
                  </td>
                  <td>
                    {e.state !== 'active' && (
                      <form
                        method="post"
                        action={`${BASE}/endpoints/${encodeURIComponent(e.id)}/enable`}
                      >
                        <CsrfField session={props.session} />
                        <button type="submit">Enable</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextCursor && (
        <div class="pager">
          <span />
          <a href={`${BASE}/endpoints${filterQuery({ cursor: props.nextCursor })}`}>More →</a>
        </div>
      )}
    </Layout>
  );
}
