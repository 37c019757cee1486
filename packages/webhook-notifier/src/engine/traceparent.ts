/** `version-traceid-parentid-flags`, lower-case hex (W3C Trace Context, level 1). */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * Whether `value` is a W3C `traceparent` worth storing: well-formed, not version `ff`, and
 * with trace and parent ids that are not all zeros (the spec's invalid values).
 *
 * @example
 * isTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'); // true
 */
export function isTraceparent(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = TRACEPARENT.exec(value);
  if (match === null || value.startsWith('ff')) return false;
  return !/^0+$/.test(match[1] as string) && !/^0+$/.test(match[2] as string);
}

/**
 * The caller's trace context at enqueue: the `traceparent` option's answer when it is valid,
 * otherwise `null`. A hook that throws is ignored: tracing never refuses a message.
 *
 * @example
 * readTraceparent(() => '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
 */
export function readTraceparent(
  hook: (() => string | null | undefined) | undefined,
): string | null {
  if (hook === undefined) return null;
  try {
    const value = hook();
    return isTraceparent(value) ? value : null;
  } catch {
    return null;
  }
}
