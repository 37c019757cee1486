/**
 * The notifier's endpoint ids the app uses: one per task with its own callback, one per
 * key for its default endpoint. The id says who owns the endpoint, so an API key's view of
 * endpoints and deliveries is decided from the id alone.
 */
export const taskEndpointId = (taskId: number) => `task_${taskId}`;
export const keyEndpointId = (apiKeyId: string) => `apikey_${apiKeyId}`;

export type EndpointOwner = { kind: 'task'; taskId: number } | { kind: 'key'; apiKeyId: string };

/** Who an endpoint id belongs to; `undefined` for an id the app never makes. */
export function parseEndpointId(id: string): EndpointOwner | undefined {
  const task = /^task_([1-9]\d{0,9})$/.exec(id);
  if (task) return { kind: 'task', taskId: Number(task[1]) };
  const key = /^apikey_(.{1,100})$/.exec(id);
  if (key) return { kind: 'key', apiKeyId: key[1] as string };
  return undefined;
}
