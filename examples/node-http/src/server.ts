// A receiver on plain node:http, no framework: collect the raw bytes, verify, then parse.
// Run it with  WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks PORT=3000 pnpm start
import { createServer, type IncomingMessage } from 'node:http';
import { verifyWebhook, WebhookVerificationError } from '@dramarelay/receiver-verify';

interface TaskCompleted {
  event: string;
  data: { task_title: string };
}

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET (the secret the relay gave you)');
const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';
const port = Number(process.env.PORT ?? 3000);
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
    const { id, payload } = await verifyWebhook(body, request.headers, secret, { scheme });
    if (id && handled.has(id)) {
      console.log(`duplicate ${id}`);
      response.writeHead(204).end();
      return;
    }
    const event = payload as TaskCompleted;
    console.log(`accepted ${id ?? '-'} ${event.event} ${event.data.task_title}`);
    if (id) handled.add(id);
    response.writeHead(204).end();
  } catch (error) {
    const reason = error instanceof WebhookVerificationError ? error.reason : undefined;
    console.log(`rejected ${reason ?? error}`);
    response.writeHead(reason ? 400 : 500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: reason ?? 'internal_error' }));
  }
});

server.listen(port, host, () => {
  console.log(`listening on http://${host}:${port}/webhooks (${scheme})`);
});
