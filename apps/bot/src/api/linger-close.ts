import type { Socket } from 'node:net';

/**
 * Makes the server's close of this connection a lingering close, as nginx and Apache do.
 * Node closes a `Connection: close` socket as soon as the response is flushed; when the client
 * is still sending a body, the data arriving at a closed socket makes the kernel answer with
 * a reset, and a reset can destroy the response the client has not read yet. Here the server
 * sends its FIN and keeps reading (the request's body is being discarded) until the client
 * closes too, or `ms` have passed.
 */
export function lingerOnClose(socket: Socket, ms: number): void {
  let lingering = false;
  socket.destroySoon = function lingeringClose(this: Socket) {
    if (lingering) return;
    lingering = true;
    const timer = setTimeout(() => this.destroy(), ms);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    this.once('end', () => this.destroy());
    this.end();
  };
}
