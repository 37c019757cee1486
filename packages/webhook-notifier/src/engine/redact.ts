const MIN_SECRET_PART = 8;
const REDACTED = '[redacted]';

/**
 * The strings that must never leave the process through a log, an event or an attempt
 * record: the endpoint's secrets (whole and without their `whsec_`-style prefix) and every
 * signature value sent.
 *
 * @example
 * sensitiveValues(['whsec_abc123456789'], { 'webhook-signature': 'v1,Zm9v' });
 */
export function sensitiveValues(
  secrets: readonly string[],
  headers: Readonly<Record<string, string>> = {},
): string[] {
  const values: string[] = [];
  for (const secret of secrets) {
    values.push(secret);
    const bare = secret.slice(secret.indexOf('_') + 1);
    if (bare !== secret && bare.length >= MIN_SECRET_PART) values.push(bare);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!name.includes('signature')) continue;
    values.push(value);
    for (const token of value.split(/[\s,=]+/)) {
      if (token.length >= MIN_SECRET_PART) values.push(token);
    }
  }
  // Longest first, so a whole value is replaced before a part of it.
  return values.filter((value) => value.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of a sensitive value in a text, e.g. an error message a custom
 * transport built from its request.
 *
 * @example
 * redact('bad key whsec_abc123456789', ['whsec_abc123456789']); // 'bad key [redacted]'
 */
export function redact(text: string, sensitive: readonly string[]): string {
  let result = text;
  for (const value of sensitive) {
    if (result.includes(value)) result = result.split(value).join(REDACTED);
  }
  return result;
}
