/**
 * The events a key's endpoints can subscribe to (`webhook.test` is sent on request to one
 * endpoint, never by subscription). Each has its schema in docs/schemas and a section in
 * docs/receiving-webhooks.md.
 */
export const KEY_EVENT_TYPES = [
  'task.created',
  'task.updated',
  'task.paused',
  'task.expired',
  'task.deleted',
  'task.completed',
  'submission.rejected',
] as const;

export type KeyEventType = (typeof KEY_EVENT_TYPES)[number];

/** What the default endpoint (`PUT /api/endpoint`) receives, as it always has. */
export const DEFAULT_ENDPOINT_EVENT_TYPES: readonly KeyEventType[] = ['task.completed'];

/**
 * Why a subscription is refused, or `undefined` when it is fine: an exact name from the
 * catalog, or a prefix wildcard (`task.*`) that matches at least one of them.
 */
export function subscriptionProblem(pattern: string): string | undefined {
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    if (KEY_EVENT_TYPES.some((type) => type.startsWith(prefix))) return undefined;
    return `${pattern} matches no event type (${KEY_EVENT_TYPES.join(', ')})`;
  }
  if ((KEY_EVENT_TYPES as readonly string[]).includes(pattern)) return undefined;
  return `${pattern} is not an event type: use one of ${KEY_EVENT_TYPES.join(', ')}, or a wildcard such as task.*`;
}
