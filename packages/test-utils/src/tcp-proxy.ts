import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP proxy in front of a server, to take it away from its clients and give it back. */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** `url` with its host and port pointing at the proxy. */
  rewrite(url: string): string;
  /** Destroy every open connection and refuse new ones until `restore()`. */
  cut(): void;
  /** Accept and forward connections again. */
  restore(): void;
  /** Connections refused while cut, since the start. */
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * Forwards 127.0.0.1:<port> to `target`: a database outage that works on any server, the
 * embedded one as well as an external one nobody may stop (every connection is cut at once,
 * as when the server dies, and new ones are refused until `restore()`).
 *
 * @example
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
 * const db = connect(proxy.rewrite(connectionString));
 * proxy.cut(); // ... proxy.restore();
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  let refused = 0;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (down) {
      refused++;
      client.destroy();
      return;
    }
    const upstream = tcpConnect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    rewrite(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(address.port);
      return parsed.toString();
    },
    cut() {
      down = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      down = false;
    },
    get refused() {
      return refused;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Host and port of a `postgres://` connection string. */
export function targetOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}
