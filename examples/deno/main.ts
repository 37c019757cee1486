// A Deno receiver: Deno.serve hands over a Fetch Request; verify its raw bytes, then parse.
// Run it with
//   WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks deno run --allow-net --allow-env main.ts
import {
  type TaskCompletedEvent,
  verifyWebhook,
  WebhookVerificationError,
} from '@dramarelay/receiver-verify';

const secret = Deno.env.get('WEBHOOK_SECRET');
if (!secret) throw new Error('set WEBHOOK_SECRET (the secret the relay gave you)');
const scheme = Deno.env.get('SCHEME') === 'legacy' ? 'legacy' : 'standard-webhooks';
const port = Number(Deno.env.get('PORT') ?? 4000);
const hostname = Deno.env.get('HOST') ?? '127.0.0.1';
// Ids already handled. In production, a unique column in your database.
const handled = new Set<string>();

async function handle(request: Request): Promise<Response> {
  if (request.method !== 'POST' || new URL(request.url).pathname !== '/webhooks') {
    return new Response(null, { status: 404 });
  }
  try {
    const body = new Uint8Array(await request.arrayBuffer());
    const { id, payload: event } = await verifyWebhook<TaskCompletedEvent>(
      body,
      request.headers,
      secret!,
      { scheme },
    );
    if (id && handled.has(id)) {
      console.log(`duplicate ${id}`);
      return new Response(null, { status: 204 });
    }
    console.log(`accepted ${id ?? '-'} ${event.event} ${event.data.task_title}`);
    if (id) handled.add(id);
    return new Response(null, { status: 204 });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    console.log(`rejected ${error.reason}`);
    // 401 when the signature or the timestamp fails, 400 when the request is malformed.
    return Response.json({ error: error.reason }, { status: error.status });
  }
}

Deno.serve(
  {
    hostname,
    port,
    onListen: () => {
      console.log(`listening on http://${hostname}:${port}/webhooks (${scheme})`);
    },
  },
  handle,
);
