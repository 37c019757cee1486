import type { ColumnType } from 'kysely';

/** A `timestamptz` column: read as a `Date`, written as a `Date` or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/**
 * An application may have told `pg` to return timestamps as strings (`types.setTypeParser`),
 * so a value that is not a `Date` yet is parsed.
 */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toNullableDate(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

/**
 * A plain `Uint8Array` copy of a `bytea`: `pg` returns a `Buffer`, often a slice of a shared
 * pool that the caller should not be handed.
 */
export function toBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value);
}
