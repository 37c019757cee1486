import type { DeliveryLogEntry } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import type { ApiDeps } from '../../api/api-deps.js';
import { adminCall } from '../../api/notifier-error.js';
import { adminFilter, COMMON_FILTERS, type FilterInput } from '../../api/routes/filter-input.js';
import { Badge } from '../components/badge.js';
import { DeliveryFilterFields } from '../components/delivery-filter-form.js';
import { EndpointLabel } from '../components/endpoint-label.js';
import { Layout } from '../components/layout.js';
import { Time } from '../components/time.js';
import { BASE, type DashboardEnv } from '../dashboard-env.js';
import { filterQuery, readFormFilters } from '../dashboard-filters.js';
import { endpointsInScope } from '../dashboard-scope.js';

const PAGE_SIZE = 50;
type Session = DashboardEnv['Variables']['session'];

/** The delivery log: filtered by status, task, event type and time, newest first, paged. */
export function deliveryListRoutes(deps: ApiDeps) {
  const routes = new Hono<DashboardEnv>();
  const admin = () => deps.operations.admin;

  routes.get('/', async (c) => {
    const session = c.get('session');
    const raw = c.req.query();
    const filters = readFormFilters(raw, [...COMMON_FILTERS, 'status']);
    const scope = await endpointsInScope(deps, session.apiKey, filters.endpoint);
    const page = await adminCall('delivery', () =>
      admin().listDeliveries({
        ...adminFilter(filters, scope),
        ...(filters.status && { status: filters.status }),
        limit: PAGE_SIZE,
      }),
    );
    const { cursor: _, ...kept } = raw;
    return c.html(
      <DeliveriesPage
        session={session}
        filters={filters}
        deliveries={page.deliveries}
        next={page.nextCursor && filterQuery({ ...kept, cursor: page.nextCursor })}
        first={filters.cursor ? filterQuery(kept) || '?' : null}
      />,
    );
  });

  return routes;
}

function DeliveriesPage(props: {
  session: Session;
  filters: FilterInput;
  deliveries: DeliveryLogEntry[];
  next: string | null;
  first: string | null;
}) {
  return (
    <Layout title="Deliveries" session={props.session} current="deliveries">
      <h1>Deliveries</h1>
      <form class="filters card" method="get" action={`${BASE}/deliveries`}>
        <DeliveryFilterFields filters={props.filters} />
        <div class="actions">
          <button type="submit">Filter</button>
          <a href={`${BASE}/deliveries`}>Clear</a>
        </div>
      </form>
      {props.deliveries.length === 0 ? (
        <p class="muted" data-testid="no-deliveries">
          No delivery matches these filters.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="deliveries">
            <thead>
              <tr>
                <th>Created</th>
                <th>Status</th>
                <th>Event</th>
                <th class="hide-narrow">Task / endpoint</th>
                <th class="num">Attempts</th>
                <th class="hide-narrow">Last result</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => (
                <tr data-delivery={d.id}>
                  <td>
                    <a href={`${BASE}/deliveries/${d.id}`}>
                      <Time at={d.createdAt} />
                    </a>
                  </td>
                  <td>
                    <Badge status={d.status} />
                  </td>
                  <td>
                    <code>{d.eventType}</code>
                  </td>
                  <td class="hide-narrow">
                    <EndpointLabel id={d.endpointId} />
                  </td>
                  <td class="num">{d.attempts}</td>
                  <td class="hide-narrow">
                    {d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : ''}
                    {d.lastError && <div class="muted">{d.lastError}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        {props.first ? <a href={`${BASE}/deliveries${props.first}`}>← Newest</a> : <span />}
        {props.next && <a href={`${BASE}/deliveries${props.next}`}>Older →</a>}
      </div>
    </Layout>
  );
}
