// A Hono receiver: verifyWebhookRequest reads the raw bytes of the Fetch Request. Run it with
//   WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks npm start    (PORT defaults to 4000)
import {
  type TaskCompletedEvent,
  verifyWebhookRequest,
  WebhookVerificationError,
} from '@dramarelay/receiver-verify';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET (the secret the relay gave you)');
const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';
const port = Number(process.env.PORT ?? 4000);
const hostname = process.env.HOST ?? '127.0.0.1';
// Ids already handled. In production, a unique column in your database.
const handled = new Set<string>();

const app = new Hono();

app.post('/webhooks', async (c) => {
  try {
    // c.req.raw is the untouched Request: never call c.req.json() before this.
    const { id, payload: event } = await verifyWebhookRequest<TaskCompletedEvent>(
      c.req.raw,
      secret,
      { scheme },
    );
    if (id && handled.has(id)) {
      console.log(`duplicate ${id}`);
      return c.body(null, 204);
    }
    console.log(`accepted ${id ?? '-'} ${event.event} ${event.data.task_title}`);
    if (id) handled.add(id);
    return c.body(null, 204);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    console.log(`rejected ${error.reason}`);
    // 401 when the signature or the timestamp fails, 400 when the request is malformed.
    return c.json({ error: error.reason }, error.status);
  }
});

serve({ fetch: app.fetch, port, hostname }, () => {
  console.log(`listening on http://${hostname}:${port}/webhooks (${scheme})`);
});
