import { InvalidArgumentError } from 'commander';

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
// A calendar date, optionally with a time: `Date.parse` alone accepts too much ("1", "May").
const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `30m`, `24h`, `7d` as milliseconds.
 *
 * @example
 * parseDuration('24h'); // 86400000
 */
export function parseDuration(value: string): number {
  const match = DURATION.exec(value.trim());
  if (match === null) {
    throw new InvalidArgumentError('expected a duration such as 90s, 30m, 24h or 7d');
  }
  return Math.round(Number(match[1]) * (UNITS[match[2] as string] as number));
}

/** A point in time as given: a duration ago, or an instant. Resolved against one `now`. */
export type When = { agoMs: number } | { at: Date };

/**
 * `24h` (ago) or an ISO 8601 date or time (UTC unless it says otherwise).
 *
 * @example
 * parseWhen('2026-12-01'); // { at: 2026-12-01T00:00:00.000Z }
 */
export function parseWhen(value: string): When {
  const text = value.trim();
  if (DURATION.test(text)) return { agoMs: parseDuration(text) };
  if (ISO_TIME.test(text)) {
    const utc = /(Z|[+-]\d{2}:?\d{2})$/.test(text) || !/\d:\d/.test(text) ? text : `${text}Z`;
    const time = Date.parse(utc.replace(' ', 'T'));
    if (!Number.isNaN(time)) return { at: new Date(time) };
  }
  throw new InvalidArgumentError('expected a duration ago (24h, 7d) or an ISO 8601 time');
}

/** The instant of `when`; every option of one command resolves against the same `now`. */
export function resolveWhen(when: When, now: number): Date;
export function resolveWhen(when: When | undefined, now: number): Date | undefined;
export function resolveWhen(when: When | undefined, now: number): Date | undefined {
  if (when === undefined) return undefined;
  return 'at' in when ? when.at : new Date(now - when.agoMs);
}

/** A whole number, handed on as it is: the admin surface says which range it accepts. */
export function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

/** A repeatable option that also takes comma-separated values: `--status failed,cancelled`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  const values = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (values.length === 0) throw new InvalidArgumentError('expected a value');
  return [...(previous ?? []), ...values];
}

/** One value as itself, several as a list: how the admin filters take them. */
export function oneOrMany(values: string[] | undefined): string | string[] | undefined {
  if (values === undefined) return undefined;
  return values.length === 1 ? values[0] : values;
}
