// Serves app/api/webhooks/route.ts on node:http, without Next.js: for the test and a quick
// local try. In your Next.js app you copy only the route file; Next.js serves it.
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { POST } from './app/api/webhooks/route.js';

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';

const listener = getRequestListener((request) =>
  request.method === 'POST' && new URL(request.url).pathname === '/api/webhooks'
    ? POST(request)
    : new Response(null, { status: 404 }),
);

createServer(listener).listen(port, host, () => {
  console.log(
    `listening on http://${host}:${port}/api/webhooks (${process.env.SCHEME ?? 'standard-webhooks'})`,
  );
});
