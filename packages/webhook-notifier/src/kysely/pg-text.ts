/**
 * PostgreSQL `text` and `jsonb` cannot hold U+0000, which a receiver's response body or an
 * error message may contain. It becomes U+FFFD, as undecodable bytes already do, so one
 * binary response body cannot make a whole batch of outcomes unstorable.
 *
 * @example
 * pgText('a\u0000b'); // 'a\uFFFDb'
 */
export function pgText<T extends string | null | undefined>(value: T): T {
  return (value?.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
}
