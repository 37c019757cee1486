// A Hono receiver: verifyRequest reads the raw bytes of the Fetch Request. Run it with
//   WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks PORT=3000 pnpm start
import { verifyRequest, WebhookVerificationError } from '@dramarelay/receiver-verify';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

interface TaskCompleted {
  event: string;
  data: { task_title: string };
}

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET (the secret the relay gave you)');
const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
// Ids already handled. In production, a unique column in your database.
const handled = new Set<string>();

const app = new Hono();

app.post('/webhooks', async (c) => {
  try {
    // c.req.raw is the untouched Request: never call c.req.json() before this.
    const event = (await verifyRequest(c.req.raw, secret, { scheme })) as TaskCompleted;
    // Signed together with the body, so it can be trusted once verifyRequest resolves.
    const id = scheme === 'legacy' ? undefined : c.req.header('webhook-id');
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
    return c.json({ error: error.reason }, 400);
  }
});

serve({ fetch: app.fetch, port, hostname }, () => {
  console.log(`listening on http://${hostname}:${port}/webhooks (${scheme})`);
});
