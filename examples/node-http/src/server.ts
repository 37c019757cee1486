// A receiver on plain node:http, no framework: collect the raw bytes, verify, then parse.
// Run it with  WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks npm start  (PORT: 4000)
import { createServer, type IncomingMessage } from 'node:http';
import {
  type TaskCompletedEvent,
  verifyWebhook,
  WebhookVerificationError,
} from '@dramarelay/receiver-verify';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET (the secret the relay gave you)');
const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';
// Ids already handled. In production, a unique column in your database.
const handled = new Set<string>();

const LIMIT = 1024 * 1024;

/** The body exactly as it arrived, or `undefined` past LIMIT bytes. */
async function rawBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const server = createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== '/webhooks') {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await rawBody(request);
    if (!body) {
      response.writeHead(413).end();
      return;
    }
    const { id, payload: event } = await verifyWebhook<TaskCompletedEvent>(
      body,
      request.headers,
      secret,
      { scheme },
    );
    if (id && handled.has(id)) {
      console.log(`duplicate ${id}`);
      response.writeHead(204).end();
      return;
    }
    console.log(`accepted ${id ?? '-'} ${event.event} ${event.data.task_title}`);
    if (id) handled.add(id);
    response.writeHead(204).end();
  } catch (error) {
    const rejected = error instanceof WebhookVerificationError ? error : undefined;
    console.log(`rejected ${rejected?.reason ?? error}`);
    // 401 when the signature or the timestamp fails, 400 when the request is malformed.
    response.writeHead(rejected?.status ?? 500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: rejected?.reason ?? 'internal_error' }));
  }
});

server.listen(port, host, () => {
  console.log(`listening on http://${host}:${port}/webhooks (${scheme})`);
});
