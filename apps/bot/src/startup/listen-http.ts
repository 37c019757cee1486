import type { Server } from 'node:net';
import { StartupError } from './startup-error.js';

/**
 * `server.listen`, as a promise that rejects with a `StartupError` naming the port and the
 * setting to change, instead of an unhandled 'error' event.
 */
export async function listenHttp(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(explainListenError(error, port, host));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

function explainListenError(error: NodeJS.ErrnoException, port: number, host: string) {
  const where = `${host}:${port}`;
  const options = { cause: error };
  if (error.code === 'EADDRINUSE') {
    return new StartupError(
      `the HTTP API cannot listen on ${where}: the port is already in use (another copy of this app, another clone of it, or another program).`,
      `Set PORT to a free port (for example PORT=${port < 65_535 ? port + 1 : port - 1} npm start).`,
      options,
    );
  }
  if (error.code === 'EACCES') {
    return new StartupError(
      `the HTTP API is not allowed to listen on ${where}.`,
      'Ports below 1024 need privileges: set PORT to 1024 or above.',
      options,
    );
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new StartupError(
      `the HTTP API cannot listen on ${where}: ${host} is not an address of this machine.`,
      'Set HOST to one of its addresses, or leave it unset to listen on all of them (0.0.0.0).',
      options,
    );
  }
  return new StartupError(
    `the HTTP API cannot listen on ${where}: ${error.message}`,
    'Check PORT and HOST.',
    options,
  );
}
