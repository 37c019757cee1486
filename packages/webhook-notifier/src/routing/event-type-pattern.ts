import { NotifierError } from '../errors/notifier-error.js';

/** An event type: 1 to 256 visible ASCII characters, no spaces (as `enqueue` accepts). */
export const EVENT_TYPE = /^[\x21-\x7e]{1,256}$/;
/** Most patterns one endpoint may subscribe to. */
export const MAX_EVENT_TYPE_PATTERNS = 100;
const WILDCARD = '.*';

/**
 * The subscription rules, in one place for both stores (the Kysely store's SQL in
 * `src/kysely/send.ts` says the same): a pattern is an exact event type, or a prefix wildcard
 * `prefix.*` that matches every event type starting with `prefix.`. No `*` anywhere else. An
 * empty list matches every event type.
 *
 * @example
 * matchesEventType(['task.*'], 'task.completed'); // true
 * matchesEventType(['task.*'], 'task'); // false
 * matchesEventType([], 'anything'); // true
 */
export function matchesEventType(patterns: readonly string[], eventType: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) =>
    pattern.endsWith(WILDCARD) ? eventType.startsWith(pattern.slice(0, -1)) : pattern === eventType,
  );
}

/**
 * Checks a list of patterns and returns it sorted without repeats (so two endpoints
 * subscribed to the same types in another order are recognised as the same route).
 * Throws `NotifierError('invalid_event_type')` naming `field`.
 *
 * @example
 * checkEventTypePatterns(['task.*', 'submission.rejected'], 'eventTypes');
 */
export function checkEventTypePatterns(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_EVENT_TYPE_PATTERNS) {
    throw invalidPattern(field, `must be a list of at most ${MAX_EVENT_TYPE_PATTERNS} event types`);
  }
  for (const pattern of value) {
    if (typeof pattern !== 'string' || !EVENT_TYPE.test(pattern)) {
      throw invalidPattern(field, 'holds a value that is not 1 to 256 visible ASCII characters');
    }
    const stem = pattern.endsWith(WILDCARD) ? pattern.slice(0, -WILDCARD.length) : pattern;
    if (stem.length === 0 || stem.includes('*')) {
      throw invalidPattern(
        field,
        `holds ${JSON.stringify(pattern)}: use an exact event type or a prefix wildcard such as task.*`,
      );
    }
  }
  return [...new Set(value as string[])].sort();
}

/**
 * An event type a message is sent with (exact, no pattern); `NotifierError('invalid_event_type')`.
 *
 * @example
 * checkEventType('task.completed', 'eventType');
 */
export function checkEventType(value: unknown, field: string): string {
  if (typeof value !== 'string' || !EVENT_TYPE.test(value)) {
    throw invalidPattern(field, 'must be 1 to 256 visible ASCII characters');
  }
  return value;
}

/**
 * The event type of a `send`: as `checkEventType`, without `*` (a message has one type; the
 * wildcards are for subscriptions).
 *
 * @example
 * checkSentEventType('task.completed', 'eventType');
 */
export function checkSentEventType(value: unknown, field: string): string {
  const eventType = checkEventType(value, field);
  if (eventType.includes('*')) {
    throw invalidPattern(field, 'must not contain * (wildcards are for subscriptions)');
  }
  return eventType;
}

function invalidPattern(field: string, message: string): NotifierError {
  return new NotifierError('invalid_event_type', `${field} ${message}`, { field });
}
