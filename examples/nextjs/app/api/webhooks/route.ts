// A Next.js App Router route handler: app/api/webhooks/route.ts. It uses only the Fetch
// Request and Web Crypto, so it runs on the Node.js and the Edge runtime alike.
import {
  type TaskCompletedEvent,
  verifyWebhookRequest,
  WebhookVerificationError,
} from '@dramarelay/receiver-verify';

// Ids already handled, per server instance. In production, a unique column in your database.
const handled = new Set<string>();

export async function POST(request: Request): Promise<Response> {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: 'WEBHOOK_SECRET is not set' }, { status: 500 });
  const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';
  try {
    // Reads the raw bytes: never call request.json() or request.text() before this.
    const { id, payload: event } = await verifyWebhookRequest<TaskCompletedEvent>(request, secret, {
      scheme,
    });
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
