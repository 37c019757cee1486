// A Fastify receiver: verify the raw bytes, then parse. Run it with
//   WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks npm start    (PORT defaults to 4000)
import {
  type TaskCompletedEvent,
  verifyWebhook,
  WebhookVerificationError,
} from '@dramarelay/receiver-verify';
import Fastify from 'fastify';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET (the secret the relay gave you)');
const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';
// Ids already handled. In production, a unique column in your database.
const handled = new Set<string>();

const app = Fastify({ bodyLimit: 1024 * 1024 });

// A plugin scope: only the webhook route gets bodies as raw Buffers, other routes keep JSON.
app.register(async (webhooks) => {
  webhooks.removeAllContentTypeParsers();
  webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });

  webhooks.post<{ Body: Buffer }>('/webhooks', async (request, reply) => {
    try {
      const body = request.body ?? Buffer.alloc(0);
      const { id, payload: event } = await verifyWebhook<TaskCompletedEvent>(
        body,
        request.headers,
        secret,
        { scheme },
      );
      if (id && handled.has(id)) {
        console.log(`duplicate ${id}`);
        return reply.code(204).send();
      }
      console.log(`accepted ${id ?? '-'} ${event.event} ${event.data.task_title}`);
      if (id) handled.add(id);
      return reply.code(204).send();
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      console.log(`rejected ${error.reason}`);
      // 401 when the signature or the timestamp fails, 400 when the request is malformed.
      return reply.code(error.status).send({ error: error.reason });
    }
  });
});

await app.listen({ port, host });
console.log(`listening on http://${host}:${port}/webhooks (${scheme})`);
