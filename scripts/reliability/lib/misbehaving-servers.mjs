// Receivers that misbehave, one server each on 127.0.0.1, and what each one should cost a
// worker: the attempt's documented outcome (`errorClass`, or `null` for a 2xx).
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { selfSignedCertificate } from './self-signed.mjs';

const GIB = 2 ** 30;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/**
 * Streams `total` bytes (or forever) with backpressure; returns how many left this
 * process before the client closed the connection.
 */
function stream(response, total, sent) {
  const write = () => {
    while (sent.bytes < total) {
      if (response.destroyed) return;
      sent.bytes += CHUNK.length;
      if (!response.write(CHUNK)) return void response.once('drain', write);
    }
    response.end();
  };
  write();
}

/** Each case: `name`, what it does, the outcome a worker must record, and its server. */
const CASES = [
  {
    name: 'no-answer',
    does: 'reads the request, never answers',
    expected: 'timeout',
    handle: () => {},
  },
  {
    name: 'trickle',
    does: 'headers, then a 100 kB body one byte a second',
    expected: 'timeout',
    handle: (_request, response, state) => {
      response.writeHead(200, { 'content-length': '100000' });
      state.timer = setInterval(() => {
        if (response.destroyed) clearInterval(state.timer);
        else response.write('x');
      }, 1000);
      response.on('close', () => clearInterval(state.timer));
    },
  },
  {
    name: 'endless-body',
    does: '200, then a chunked body that never ends',
    expected: null,
    excerpt: true,
    handle: (_request, response, state) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      stream(response, Number.POSITIVE_INFINITY, state.sent);
    },
  },
  {
    name: 'one-gibibyte',
    does: '200 with a 1 GiB body (content-length set)',
    expected: null,
    excerpt: true,
    handle: (_request, response, state) => {
      response.writeHead(200, { 'content-length': String(GIB) });
      stream(response, GIB, state.sent);
    },
  },
  {
    name: 'reset',
    does: 'reads the request, then resets the connection (RST)',
    expected: 'network',
    handle: (request) => request.socket.resetAndDestroy(),
  },
  {
    name: 'self-signed-tls',
    does: 'HTTPS with a self-signed certificate',
    expected: 'network',
    tls: true,
    handle: (_request, response) => response.end('ok'),
  },
  {
    name: 'redirect-to-private',
    does: '302 to http://127.0.0.2 (a private address, where a server counts connections)',
    expected: 'redirect',
    handle: (_request, response, state) => {
      response.writeHead(302, { location: state.trapUrl });
      response.end();
    },
  },
  {
    name: 'ten-thousand-headers',
    does: '200 with 10,000 response headers',
    expected: 'network',
    handle: (request) => {
      const lines = Array.from({ length: 10_000 }, (_, i) => `x-header-${i}: value-${i}\r\n`);
      request.socket.end(`HTTP/1.1 200 OK\r\n${lines.join('')}content-length: 0\r\n\r\n`);
    },
  },
];

/**
 * Starts one server per case, plus the redirect's target on 127.0.0.2. Returns the cases
 * with their `url` and live `state` (`sent.bytes`, `requests`), the target's connection
 * count, and `close()`.
 */
export async function startMisbehavingReceivers() {
  const trap = { connections: 0 };
  const trapServer = createServer((_request, response) => response.end('trapped'));
  trapServer.on('connection', () => trap.connections++);
  const trapPort = await listen(trapServer, '127.0.0.2');
  let tls;
  const servers = [trapServer];
  const cases = [];
  for (const spec of CASES) {
    const state = { sent: { bytes: 0 }, requests: 0, trapUrl: `http://127.0.0.2:${trapPort}/` };
    const handler = (request, response) => {
      state.requests++;
      request.resume();
      request.on('end', () => spec.handle(request, response, state));
    };
    tls ??= spec.tls ? selfSignedCertificate() : undefined;
    const server = spec.tls ? createTlsServer(tls, handler) : createServer(handler);
    servers.push(server);
    const port = await listen(server, '127.0.0.1');
    const scheme = spec.tls ? 'https' : 'http';
    cases.push({ ...spec, url: `${scheme}://127.0.0.1:${port}/${spec.name}`, state });
  }
  return {
    cases,
    trap,
    async close() {
      for (const { state } of cases) clearInterval(state.timer);
      await Promise.all(
        servers.map((server) => {
          server.closeAllConnections();
          return new Promise((resolve) => server.close(resolve));
        }),
      );
    },
  };
}

function listen(server, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server.address().port));
  });
}
