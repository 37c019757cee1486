// A Deno receiver: Deno.serve hands over a Fetch Request; verify its raw bytes, then parse.
// Run it with
//   WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks PORT=3000 deno run --allow-net --allow-env main.ts
import { verifyWebhook, WebhookVerificationError } from '@dramarelay/receiver-verify';

interface TaskCompleted {
  event: string;
  data: { task_title: string };
}

const secret = Deno.env.get('WEBHOOK_SECRET');
if (!secret) throw new Error('set WEBHOOK_SECRET (the secret the relay gave you)');
const scheme = Deno.env.get('SCHEME') === 'legacy' ? 'legacy' : 'standard-webhooks';
const port = Number(Deno.env.get('PORT') ?? 3000);
const hostname = Deno.env.get('HOST') ?? '127.0.0.1';
// Ids already handled. In production, a unique column in your database.
const handled = new Set<string>();

async function handle(request: Request): Promise<Response> {
  if (request.method !== 'POST' || new URL(request.url).pathname !== '/webhooks') {
    return new Response(null, { status: 404 });
  }
  try {
    const body = new Uint8Array(await request.arrayBuffer());
    const { id, payload } = await verifyWebhook(body, request.headers, secret!, { scheme });
    if (id && handled.has(id)) {
      console.log(`duplicate ${id}`);
      return new Response(null, { status: 204 });
    }
    const event = payload as TaskCompleted;
    console.log(`accepted ${id ?? '-'} ${event.event} ${event.data.task_title}`);
    if (id) handled.add(id);
    return new Response(null, { status: 204 });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    console.log(`rejected ${error.reason}`);
    return Response.json({ error: error.reason }, { status: 400 });
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
