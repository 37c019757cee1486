import { isStoreUnavailable } from '@dramarelay/webhook-notifier/kysely';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createDashboard } from '../dashboard/create-dashboard.js';
import { metricsRoute } from '../metrics/metrics-route.js';
import { requestMetrics } from '../metrics/request-metrics.js';
import { TaskInputError } from '../tasks/create-tasks.js';
import type { ApiDeps } from './api-deps.js';
import { ApiError, errorBody } from './api-error.js';
import { type ApiEnv, apiKeyAuth } from './api-key-auth.js';
import { readBodyFirst } from './read-body.js';
import { defaultEndpointRoutes } from './routes/default-endpoint-routes.js';
import { deliveryRoutes } from './routes/delivery-routes.js';
import { endpointHealthRoutes } from './routes/endpoint-health-routes.js';
import { endpointRoutes } from './routes/endpoint-routes.js';
import { statsRoutes } from './routes/stats-routes.js';
import { taskRoutes } from './routes/task-routes.js';
import { testWebhookRoutes } from './routes/test-webhook-routes.js';

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_BODY_DISCARD = 16 * 1024 * 1024;
/** After a body too large to discard, how long the closing connection still reads. */
const LINGER_MS = 2000;

/**
 * The HTTP API. Every route under `/api` needs an `X-API-Key`; `/health` and Telegram's
 * webhook (checked by its secret token) are the only others.
 */
export function createApi(deps: ApiDeps): Hono {
  const app = new Hono();

  if (deps.metrics) app.use(requestMetrics(deps.metrics.metrics));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Path only: no query string, no headers, so a key or token can never reach the log.
    deps.logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  app.use(
    readBodyFirst({
      maxBytes: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
      discardBytes: deps.bodyDiscardBytes ?? DEFAULT_BODY_DISCARD,
      lingerMs: LINGER_MS,
    }),
  );

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      return c.json(errorBody(error.reason, error.message, error.field), error.status);
    }
    if (error instanceof TaskInputError) {
      return c.json(errorBody('invalid_field', error.message, error.field), 400);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody('bad_request', error.message || 'bad request'), error.status);
    }
    // The notifier's `store_unavailable` or a driver error of the app's own queries alike (the
    // request log line has the 503; the pool logs the connection failure once).
    if (isStoreUnavailable(error)) {
      return c.json(
        errorBody('store_unavailable', 'the database is unavailable; try again shortly'),
        503,
      );
    }
    deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.json(errorBody('internal_error', 'internal error'), 500);
  });
  app.notFound((c) => c.json(errorBody('not_found', 'not found'), 404));

  app.get('/health', async (c) => {
    const report = await deps.health();
    return c.json({ status: report.ok ? 'ok' : 'degraded', ...report }, report.ok ? 200 : 503);
  });

  if (deps.metrics) app.get('/metrics', metricsRoute(deps.metrics.metrics, deps.metrics.token));

  const telegram = deps.telegramWebhook;
  if (telegram) app.post(telegram.path, (c) => telegram.handler(c.req.raw));

  app.route('/dashboard', createDashboard(deps));

  const api = new Hono<ApiEnv>();
  api.use(apiKeyAuth(deps.db));
  api.route('/tasks', taskRoutes(deps));
  api.route('/deliveries', deliveryRoutes(deps));
  api.route('/endpoint', defaultEndpointRoutes(deps));
  api.route('/endpoints', endpointHealthRoutes(deps));
  api.route('/endpoints', endpointRoutes(deps));
  api.route('/stats', statsRoutes(deps));
  api.route('/', testWebhookRoutes(deps));
  app.route('/api', api);
  return app;
}
