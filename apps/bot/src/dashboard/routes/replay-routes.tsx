import type { ReplayResult } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import type { ApiDeps } from '../../api/api-deps.js';
import { adminCall } from '../../api/notifier-error.js';
import { adminFilter, type FilterInput, replayStatus } from '../../api/routes/filter-input.js';
import { CSRF_FIELD, CsrfField } from '../components/csrf-field.js';
import { DeliveryFilterFields } from '../components/delivery-filter-form.js';
import { Layout } from '../components/layout.js';
import { BASE, type DashboardEnv } from '../dashboard-env.js';
import { readFormFilters } from '../dashboard-filters.js';
import { endpointsInScope } from '../dashboard-scope.js';

type Session = DashboardEnv['Variables']['session'];
type ReplayFilters = Pick<FilterInput, 'status' | 'endpoint' | 'event_type' | 'since' | 'until'>;
const FIELDS = ['status', 'endpoint', 'event_type', 'since', 'until'] as const;
/** As the API: one request restarts at most this many batches of 1000. */
const MAX_BATCHES = 100;

/**
 * Replay by filter in two steps: the filter form shows the dry run's count (GET, changes
 * nothing), and only the confirmation form (POST, CSRF-checked) restarts deliveries.
 */
export function replayRoutes(deps: ApiDeps) {
  const routes = new Hono<DashboardEnv>();
  const admin = () => deps.operations.admin;

  async function run(session: Session, filters: ReplayFilters, dryRun: boolean) {
    const status = replayStatus(filters.status);
    const scope = await endpointsInScope(deps, session.apiKey, filters.endpoint);
    return adminCall('endpoint', () =>
      admin().replay({
        ...adminFilter(filters, scope),
        status,
        dryRun,
        maxBatches: MAX_BATCHES,
      }),
    );
  }

  routes.get('/', async (c) => {
    const session = c.get('session');
    const query = c.req.query();
    const filters = readFormFilters(query, FIELDS);
    const asked = Object.values(query).some((value) => value.trim() !== '');
    const preview = asked ? await run(session, filters, true) : undefined;
    return c.html(<ReplayPage session={session} filters={filters} preview={preview} />);
  });

  routes.post('/', async (c) => {
    const session = c.get('session');
    const { [CSRF_FIELD]: _, ...form } = await c.req.parseBody();
    const filters = readFormFilters(form, FIELDS);
    const result = await run(session, filters, false);
    return c.html(<ReplayPage session={session} filters={filters} done={result} />);
  });

  return routes;
}

function ReplayPage(props: {
  session: Session;
  filters: ReplayFilters;
  preview?: ReplayResult | undefined;
  done?: ReplayResult;
}) {
  const { preview, done, filters } = props;
  return (
    <Layout title="Replay" session={props.session} current="replay">
      <h1>Replay deliveries</h1>
      <p class="muted">
        Restarts finished deliveries that match (the same bytes and webhook id, a fresh retry
        schedule). Choose a filter to see how many would go out; nothing is sent until you confirm.
      </p>
      {done && (
        <div class="notice ok" role="status" data-testid="replayed">
          Replayed {done.replayed} deliveries
          {done.cursor ? '; more match: confirm again to go on.' : '.'}{' '}
          <a href={`${BASE}/deliveries?status=pending`}>See them pending</a>
        </div>
      )}
      <form class="filters card" method="get" action={`${BASE}/replay`}>
        <DeliveryFilterFields filters={filters} replay />
        <div class="actions">
          <button type="submit" class="secondary">
            Count matches (dry run)
          </button>
        </div>
      </form>
      {preview && (
        <div class="card" data-testid="dry-run">
          <p>
            <strong data-testid="dry-run-count">{preview.matched}</strong>{' '}
            {preview.matched === 1 ? 'delivery matches' : 'deliveries match'} and would be sent
            again.
            {preview.onDisabledEndpoints > 0 &&
              ` ${preview.onDisabledEndpoints} more belong to disabled endpoints and stay as they are: enable those first.`}
          </p>
          {preview.matched > 0 && (
            <form method="post" action={`${BASE}/replay`} class="actions">
              <CsrfField session={props.session} />
              <input type="hidden" name="status" value={filters.status?.[0] ?? 'failed'} />
              <input type="hidden" name="endpoint" value={filters.endpoint ?? ''} />
              <input type="hidden" name="event_type" value={filters.event_type ?? ''} />
              <input type="hidden" name="since" value={filters.since?.toISOString() ?? ''} />
              <input type="hidden" name="until" value={filters.until?.toISOString() ?? ''} />
              <button type="submit">Replay {preview.matched} now</button>
            </form>
          )}
        </div>
      )}
    </Layout>
  );
}
