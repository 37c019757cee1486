// An Express receiver: verify the raw bytes, then parse. Run it with
//   WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks npm start    (PORT defaults to 4000)
import {
  type TaskCompletedEvent,
  verifyWebhook,
  WebhookVerificationError,
} from '@dramarelay/receiver-verify';
import express from 'express';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET (the secret the relay gave you)');
const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';
// Ids already handled. In production, a unique column in your database.
const handled = new Set<string>();

const app = express();

// express.raw keeps the exact bytes that were signed; express.json() would lose them.
app.post('/webhooks', express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
  try {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { id, payload: event } = await verifyWebhook<TaskCompletedEvent>(
      body,
      req.headers,
      secret,
      { scheme },
    );
    if (id && handled.has(id)) {
      console.log(`duplicate ${id}`);
      res.sendStatus(204);
      return;
    }
    console.log(`accepted ${id ?? '-'} ${event.event} ${event.data.task_title}`);
    if (id) handled.add(id);
    res.sendStatus(204);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    console.log(`rejected ${error.reason}`);
    // 401 when the signature or the timestamp fails, 400 when the request is malformed.
    res.status(error.status).json({ error: error.reason });
  }
});

app.listen(port, host, () =>
  console.log(`listening on http://${host}:${port}/webhooks (${scheme})`),
);
