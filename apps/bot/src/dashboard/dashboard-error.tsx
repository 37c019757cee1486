import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiLogger } from '../api/api-deps.js';
import { ApiError } from '../api/api-error.js';
import type { DashboardEnv } from './dashboard-env.js';
import { ErrorPage } from './pages/error-page.js';

const TITLES: Record<number, string> = {
  400: 'That request could not be read',
  401: 'Please sign in',
  403: 'That form was refused',
  404: 'Not found',
  409: 'Not possible right now',
  413: 'Too large',
  422: 'Too much at once',
};

/**
 * Any error of a dashboard page as an HTML page with its 4xx status and what happened;
 * anything unexpected is logged and shown as a plain 500 page without details.
 */
export function renderError(c: Context<DashboardEnv>, error: Error, logger: ApiLogger) {
  const session = c.get('session');
  let status: ContentfulStatusCode = 500;
  let message = 'Something went wrong on our side; it has been logged. Try again shortly.';
  let field: string | undefined;
  if (error instanceof ApiError) {
    status = error.status;
    message = error.message;
    field = error.field;
  } else if (error instanceof HTTPException && error.status < 500) {
    status = error.status as ContentfulStatusCode;
    message =
      error.status === 403
        ? 'This form was not sent from a page of this dashboard (its origin did not match), so nothing was done.'
        : error.message || 'The request could not be handled.';
  } else {
    logger.error({ err: error, path: c.req.path }, 'dashboard request failed');
  }
  const title = TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'Request refused');
  return c.html(
    <ErrorPage status={status} title={title} message={message} field={field} session={session} />,
    status,
  );
}
