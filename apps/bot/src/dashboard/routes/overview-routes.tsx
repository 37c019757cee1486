import type { DeliveryStats } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import type { ApiDeps } from '../../api/api-deps.js';
import { adminCall } from '../../api/notifier-error.js';
import { Figure, millis, percent } from '../components/figure.js';
import { type HourBucket, HourlyChart } from '../components/hourly-chart.js';
import { Layout } from '../components/layout.js';
import { Time } from '../components/time.js';
import { BASE, type DashboardEnv } from '../dashboard-env.js';
import { endpointsInScope } from '../dashboard-scope.js';

const HOUR = 3_600_000;
const HOURS = 24;

/** The last 24 hours at a glance: volumes, success rates, latency and an hourly chart. */
export function overviewRoutes(deps: ApiDeps) {
  const routes = new Hono<DashboardEnv>();
  const admin = () => deps.operations.admin;

  routes.get('/', async (c) => {
    const session = c.get('session');
    const until = deps.now();
    const since = new Date(until.getTime() - HOURS * HOUR);
    const scope = await endpointsInScope(deps, session.apiKey, undefined);
    const window = (from: Date, to: Date) =>
      adminCall('endpoint', () =>
        admin().stats({ since: from, until: to, ...(scope && { endpointId: scope }) }),
      );
    // Hour slots end at the next full hour, so the chart's bars line up with clock hours.
    const lastEnd = Math.floor(until.getTime() / HOUR) * HOUR + HOUR;
    const [stats, ...hours] = await Promise.all([
      window(since, until),
      ...Array.from({ length: HOURS }, (_, i) => {
        const start = new Date(lastEnd - (HOURS - i) * HOUR);
        return window(start, new Date(start.getTime() + HOUR));
      }),
    ]);
    const buckets: HourBucket[] = hours.map((h) => ({
      start: h.since,
      deliveries: h.overall.deliveries,
      failed: h.overall.failed,
    }));
    return c.html(<OverviewPage stats={stats} buckets={buckets} session={session} />);
  });

  return routes;
}

function OverviewPage(props: {
  stats: DeliveryStats;
  buckets: HourBucket[];
  session: DashboardEnv['Variables']['session'];
}) {
  const { overall } = props.stats;
  return (
    <Layout title="Overview" session={props.session} current="overview">
      <h1>Deliveries in the last 24 hours</h1>
      <p class="muted">
        From <Time at={props.stats.since} /> to <Time at={props.stats.until} />.
      </p>
      <div class="figures">
        <Figure label="Delivered" value={String(overall.delivered)} testId="delivered" />
        <Figure label="Failed" value={String(overall.failed)} testId="failed" />
        <Figure label="Pending" value={String(overall.pending)} testId="pending" />
        <Figure
          label="First-attempt success"
          value={percent(overall.firstAttemptSuccessRate)}
          testId="first-attempt"
        />
        <Figure
          label="Eventual success"
          value={percent(overall.eventualSuccessRate)}
          testId="eventual"
        />
        <Figure label="Latency p50" value={millis(overall.latencyMs?.p50)} testId="p50" />
        <Figure label="Latency p99" value={millis(overall.latencyMs?.p99)} testId="p99" />
      </div>
      <HourlyChart buckets={props.buckets} />
      <p class="actions">
        <a href={`${BASE}/deliveries?status=failed`}>Failed deliveries</a>
        <a href={`${BASE}/endpoints`}>Endpoint health</a>
        <a href={`${BASE}/replay`}>Replay a time range</a>
      </p>
    </Layout>
  );
}
