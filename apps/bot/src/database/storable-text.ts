import { z } from 'zod';

/**
 * A string PostgreSQL can store: the base of every text field of the API. Its `text` type
 * refuses U+0000 outright (the whole statement fails), so a NUL that reached a query would be
 * a 500; here it is refused as bad input instead, naming its field. Formats (URLs, say) go
 * after it with `.pipe()`, so the NUL is the problem reported.
 */
export function storableString() {
  return z.string().refine((value) => !value.includes('\u0000'), {
    error: 'must not contain the NUL character (\\u0000)',
    params: { reason: 'text_contains_nul' },
  });
}
