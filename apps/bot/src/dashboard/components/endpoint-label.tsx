import { parseEndpointId } from '../../notifications/endpoint-ids.js';

/** Who an endpoint serves, in words: a task's own callback or a key's default endpoint. */
export function EndpointLabel(props: { id: string }) {
  const owner = parseEndpointId(props.id);
  if (owner?.kind === 'task') return <span>task {owner.taskId}</span>;
  if (owner?.kind === 'key') return <span>default of {owner.apiKeyId}</span>;
  return <code>{props.id}</code>;
}
