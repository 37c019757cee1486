import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './api-error.js';

/**
 * Answers requests Node's HTTP parser refuses (a malformed request line, a NUL or a newline
 * in a header, an invalid Content-Length, headers too large) with the API's JSON error instead
 * of Node's empty `400 Bad Request`. No handler sees these requests, so the answer is written
 * to the socket here, then the connection is closed as Node would.
 */
export function answerMalformedRequestsWithJson(server: Pick<Server, 'on'>): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const response = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
    const body = JSON.stringify(
      errorBody(
        'malformed_request',
        `the request is not valid HTTP/1.1 (${error.code ?? 'unknown'})`,
      ),
    );
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
