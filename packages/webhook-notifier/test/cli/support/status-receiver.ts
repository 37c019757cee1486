import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StatusRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StatusReceiver {
  /** `url(410)`: a URL answered with that status. */
  url(status: number): string;
  requests: StatusRequest[];
  close(): Promise<void>;
}

/**
 * A local webhook receiver that answers `/<status>` with that status and the body
 * `receiver says <status>`, e.g. `/500` during an outage or `/410` for a retired endpoint.
 */
export async function startStatusReceiver(): Promise<StatusReceiver> {
  const requests: StatusRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      requests.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString() });
      const status = Number(/^\/(\d{3})/.exec(path)?.[1] ?? 404);
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(`receiver says ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (status) => `http://127.0.0.1:${port}/${status}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
