import type { HeadersLike } from './types.js';

/** A lookup by lower-case name that treats empty values as absent. */
export type HeaderReader = (name: string) => string | undefined;

/**
 * Reads `Headers` or a plain object in any letter case. Node's `req.headers` is already
 * lower case, so the object's keys are only folded on the first miss.
 */
export function readHeaders(headers: HeadersLike): HeaderReader {
  if (typeof headers.get === 'function') {
    const fetchHeaders = headers as Headers;
    return (name) => fetchHeaders.get(name) || undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  let folded: typeof record | undefined;
  return (name) => {
    let value = record[name];
    if (value === undefined) {
      folded ??= Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
      value = folded[name];
    }
    // Repeated headers join as `Headers#get` joins them; a number or an object is no header.
    const text = Array.isArray(value) ? value.join(', ') : value;
    return (typeof text === 'string' && text) || undefined;
  };
}
