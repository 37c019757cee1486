import { NotifierError } from '../errors/notifier-error.js';
import type { DeliveryStatus } from '../store/delivery-store.js';

/** Most ids one filter may name: a page of a tenant's endpoints, not a bulk export. */
export const MAX_FILTER_IDS = 1000;
const STATUSES: ReadonlySet<string> = new Set(['pending', 'delivered', 'failed', 'cancelled']);

const invalid = (field: string, message: string) =>
  new NotifierError('invalid_filter', `${field} ${message}`, { field });

/** An endpoint or delivery id argument: a non-empty string. */
export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw new NotifierError('invalid_argument', `${field} must be 1 to 256 characters`, {
      field,
    });
  }
  return value;
}

/** `endpointId`: one id or a list of them, as a list. */
export function checkEndpointIds(value: unknown, field = 'endpointId'): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(ids) || ids.length > MAX_FILTER_IDS) {
    throw invalid(field, `must be an id or a list of at most ${MAX_FILTER_IDS} ids`);
  }
  for (const id of ids) {
    if (typeof id !== 'string' || id.length === 0) throw invalid(field, 'holds an empty id');
  }
  return [...ids];
}

export function checkDate(value: unknown, field: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalid(field, 'must be a valid Date');
  }
  return value;
}

/** `since` before `until` when both are given. */
export function checkWindow(since: unknown, until: unknown): { since?: Date; until?: Date } {
  const from = checkDate(since, 'since');
  const to = checkDate(until, 'until');
  if (from !== undefined && to !== undefined && from.getTime() >= to.getTime()) {
    throw invalid('until', 'must be later than since');
  }
  return { ...(from && { since: from }), ...(to && { until: to }) };
}

export function checkEventType(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(value)) {
    throw invalid('eventType', 'must be 1 to 256 visible ASCII characters');
  }
  return value;
}

export function checkStatuses(value: unknown, field = 'status'): DeliveryStatus[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((status) => STATUSES.has(status))) {
    throw invalid(field, `must be one or more of ${[...STATUSES].join(', ')}`);
  }
  return list as DeliveryStatus[];
}

/** A page size or batch size: an integer in [1, max]. */
export function checkCount(value: unknown, field: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max) {
    throw invalid(field, `must be an integer from 1 to ${max}`);
  }
  return value as number;
}

/**
 * Cursors are opaque to callers (base64url JSON tagged with their kind), so a listing's
 * cursor cannot be passed to a replay by mistake, and a damaged one is refused.
 */
export function encodeCursor(kind: string, value: unknown): string {
  return Buffer.from(JSON.stringify([kind, value]), 'utf8').toString('base64url');
}

export function decodeCursor<T>(
  kind: string,
  cursor: unknown,
  valid: (value: unknown) => value is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [tag, value] = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
    if (typeof cursor === 'string' && tag === kind && valid(value)) return value;
  } catch {
    // Reported below, as any other bad cursor.
  }
  throw invalid('cursor', `is not a cursor of this ${kind} listing`);
}

export const isString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0;
