// A Next.js App Router route handler: app/api/webhooks/route.ts. It uses only the Fetch
// Request and Web Crypto, so it runs on the Node.js and the Edge runtime alike.
import { verifyRequest, WebhookVerificationError } from '@dramarelay/receiver-verify';

interface TaskCompleted {
  event: string;
  data: { task_title: string };
}

// Ids already handled, per server instance. In production, a unique column in your database.
const handled = new Set<string>();

export async function POST(request: Request): Promise<Response> {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: 'WEBHOOK_SECRET is not set' }, { status: 500 });
  const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';
  try {
    // Reads the raw bytes: never call request.json() or request.text() before this.
    const event = (await verifyRequest(request, secret, { scheme })) as TaskCompleted;
    // Signed together with the body, so it can be trusted once verifyRequest resolves.
    const id = scheme === 'legacy' ? undefined : request.headers.get('webhook-id');
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
    return Response.json({ error: error.reason }, { status: 400 });
  }
}
