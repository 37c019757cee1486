import { type RawBuilder, sql } from 'kysely';

/**
 * `matchesEventType` (src/routing/event-type-pattern.ts) in SQL, over an endpoint's
 * `event_types`: empty matches everything; a pattern `prefix.*` matches event types that start
 * with `prefix.` (`starts_with`, so `_` and `%` are plain characters); any other pattern only
 * itself. The conformance suite holds both to the same cases. `eventType` is a value, or a
 * column of a batch.
 */
export function subscribedTo(
  eventTypes: RawBuilder<unknown>,
  eventType: string | RawBuilder<unknown>,
): RawBuilder<boolean> {
  return sql<boolean>`(
    ${eventTypes} = '{}'
    or ${eventType}::text = any(${eventTypes})
    or exists (
      select from unnest(${eventTypes}) as pattern
      where right(pattern, 2) = '.*' and starts_with(${eventType}::text, left(pattern, -1))
    )
  )`;
}

/** Rows of one tenant (`null`: those without), written so the tenant index serves it. */
export function ofTenant(column: RawBuilder<unknown>, tenant: string | null): RawBuilder<boolean> {
  return tenant === null ? sql<boolean>`${column} is null` : sql<boolean>`${column} = ${tenant}`;
}
