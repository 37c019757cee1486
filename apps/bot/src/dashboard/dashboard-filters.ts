import { type FilterInput, readFilters } from '../api/routes/filter-input.js';
import { taskEndpointId } from '../notifications/endpoint-ids.js';

type FilterName = keyof FilterInput;

// What a `datetime-local` field sends: no zone. The form labels it UTC.
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

/**
 * The API's filters (same names, same checks, same 400s) read from a dashboard form:
 * blank fields are left out, a zone-less time is UTC, and a bare task number names that
 * task's endpoint.
 */
export function readFormFilters<K extends FilterName>(
  source: Record<string, unknown>,
  allowed: readonly K[],
): Pick<FilterInput, K> {
  const cleaned: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === 'string' && value.trim() === '') continue;
    if ((name === 'since' || name === 'until') && typeof value === 'string') {
      cleaned[name] = LOCAL_TIME.test(value) ? `${value}Z` : value;
    } else if (name === 'endpoint' && typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value)) {
      cleaned[name] = taskEndpointId(Number(value));
    } else {
      cleaned[name] = value;
    }
  }
  return readFilters(cleaned, allowed);
}

/** A time as a `datetime-local` value in UTC, to refill a form. */
export const formTime = (date: Date | undefined) => date?.toISOString().slice(0, 16) ?? '';

/** The query string of a set of filters, blank ones left out. */
export function filterQuery(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
