import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A slow oEmbed endpoint on 127.0.0.1: every request is held until `release()`, then answered
 * `delayMs` later with a video whose title is `title`. Records what was asked and when each
 * answer went out, so a test can check the order of events rather than the clock.
 */
export async function startSlowOembed(options: { title: string; delayMs: number }) {
  const requested: string[] = [];
  const held: ServerResponse[] = [];
  let released = false;
  let answered = 0;

  const answerLater = (res: ServerResponse) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ title: options.title, author_name: 'drama_fan', type: 'video' }));
      answered++;
    }, options.delayMs);
  };

  const server = createServer((req, res) => {
    requested.push(req.url ?? '');
    if (released) answerLater(res);
    else held.push(res);
  });
  // Node closes an idle keep-alive connection after 5 s; on a saturated machine a client can
  // reuse one just as it closes and see a reset that no real server setup would cause here.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/oembed`,
    requested,
    /** How many answers were sent so far. */
    get answered() {
      return answered;
    },
    /** From now on every request (those held too) is answered after `delayMs`. */
    release() {
      released = true;
      for (const res of held.splice(0)) answerLater(res);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
