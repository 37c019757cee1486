// How the bench's own workers (the bare floor and the pg-boss build) send one webhook, so
// that both pay for exactly the same work: signed with receiver-verify's `sign`, POSTed with
// undici, the response body read to its end.
import { sign } from '@dramarelay/receiver-verify';

/** Signs `body` and POSTs it to `origin` + `path`; resolves with the response status. */
export async function postSigned(agent, { origin, path }, { id, body, secrets, userAgent }) {
  const headers = await sign({ id, timestamp: new Date(), body, secrets });
  const response = await agent.request({
    origin,
    path,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'user-agent': userAgent },
    body,
  });
  await response.body.dump();
  return response.statusCode;
}
