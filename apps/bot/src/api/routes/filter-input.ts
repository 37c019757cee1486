import type { DeliveryStatus } from '@dramarelay/webhook-notifier';
import { ApiError } from '../api-error.js';

/**
 * The filters of the delivery routes, read from a query string or a JSON body. Each bad
 * value is a 400 naming its field; an unknown name too (a typo must not widen a replay).
 */
export interface FilterInput {
  status?: DeliveryStatus[];
  endpoint?: string;
  event_type?: string;
  since?: Date;
  until?: Date;
  cursor?: string;
  limit?: number;
  dry_run?: boolean;
}

type FilterName = keyof FilterInput;

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed', 'cancelled'];
// RFC 3339 date-times with a zone, or a plain date (midnight UTC).
const TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

const invalid = (
  field: string,
  message: string,
  reason: 'invalid_filter' | 'invalid_time' = 'invalid_filter',
) => new ApiError(400, reason, `${field} ${message}`, field);

const readers: { [K in FilterName]-?: (value: unknown) => FilterInput[K] } = {
  status(value) {
    const list = typeof value === 'string' ? value.split(',') : value;
    if (!Array.isArray(list) || list.length === 0) {
      throw invalid('status', `must be one or more of ${STATUSES.join(', ')}`);
    }
    for (const status of list) {
      if (!STATUSES.includes(status)) {
        throw invalid('status', `must be one or more of ${STATUSES.join(', ')}`);
      }
    }
    return [...new Set(list as DeliveryStatus[])];
  },
  endpoint: (value) => text('endpoint', value),
  event_type(value) {
    if (typeof value !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(value)) {
      throw invalid('event_type', 'must be 1 to 256 visible ASCII characters');
    }
    return value;
  },
  since: (value) => time('since', value),
  until: (value) => time('until', value),
  cursor(value) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,1024}$/.test(value)) {
      throw new ApiError(400, 'invalid_cursor', 'cursor is not a cursor this API gave', 'cursor');
    }
    return value;
  },
  limit(value) {
    const n = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value;
    if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 1000) {
      throw invalid('limit', 'must be an integer from 1 to 1000');
    }
    return n as number;
  },
  dry_run(value) {
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw invalid('dry_run', 'must be true or false');
  },
};

/** The filters of both the delivery log and a replay. */
export const COMMON_FILTERS = ['endpoint', 'event_type', 'since', 'until', 'cursor'] as const;

/**
 * The common filters in the admin surface's words, over the endpoints in scope (`undefined`:
 * every endpoint, for the dashboard's operator scope).
 */
export function adminFilter(input: FilterInput, endpointId: string[] | undefined) {
  return {
    ...(endpointId && { endpointId }),
    ...(input.event_type && { eventType: input.event_type }),
    ...(input.since && { since: input.since }),
    ...(input.until && { until: input.until }),
    ...(input.cursor && { cursor: input.cursor }),
  };
}

/** The one status a replay restarts: `failed` by default, never `pending` (due already). */
export function replayStatus(
  status: DeliveryStatus[] | undefined,
): Exclude<DeliveryStatus, 'pending'> {
  const [first, ...more] = status ?? ['failed'];
  if (more.length > 0 || first === undefined || first === 'pending') {
    throw invalid(
      'status',
      'must be one of failed, delivered, cancelled (pending deliveries are due already)',
    );
  }
  return first;
}

/** Reads the allowed filters from `source`; anything else present is refused. */
export function readFilters<K extends FilterName>(
  source: Record<string, unknown>,
  allowed: readonly K[],
): Pick<FilterInput, K> {
  const result: FilterInput = {};
  for (const [name, value] of Object.entries(source)) {
    if (!(allowed as readonly string[]).includes(name)) {
      throw invalid(name, `is not a filter here (use ${allowed.join(', ')})`);
    }
    if (value === undefined || value === null) continue;
    (result as Record<string, unknown>)[name] = readers[name as K](value);
  }
  if (result.since && result.until && result.since >= result.until) {
    throw invalid('until', 'must be later than since', 'invalid_time');
  }
  return result as Pick<FilterInput, K>;
}

function text(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw invalid(field, 'must be 1 to 256 characters');
  }
  return value;
}

function time(field: string, value: unknown): Date {
  const date = typeof value === 'string' && TIME.test(value) ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw invalid(field, 'must be an ISO 8601 time such as 2026-12-01T08:00:00Z', 'invalid_time');
  }
  return date;
}
