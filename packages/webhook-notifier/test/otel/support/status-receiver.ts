import { type LocalServer, startLocalServer } from '../../http/support/local-server.js';

/** A local receiver answering each request with the status its path asks for: `/500/...`. */
export function startStatusReceiver(): Promise<LocalServer> {
  return startLocalServer((request, response) => {
    const status = Number(/^\/(\d{3})\//.exec(request.path)?.[1] ?? 200);
    response.writeHead(status).end('answered');
  });
}

/** The options the instrumentation tests build their notifiers with, against that receiver. */
export const toLocalReceiver = {
  retry: { schedule: [1_000], jitter: 'none' },
  ssrf: { allow: ['127.0.0.1'] },
} as const;
