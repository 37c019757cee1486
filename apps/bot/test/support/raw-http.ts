import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  /** Every complete response read from the socket, in order. */
  responses: RawResponse[];
  /** `ECONNRESET`, `EPIPE`...: how the socket failed, if it did. */
  error: string | undefined;
  /** Whether the server closed its side with a FIN. */
  ended: boolean;
}

/** Splits what a server sent into complete HTTP/1.1 responses (Content-Length bodies only). */
export function parseResponses(raw: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = raw;
  for (;;) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) return responses;
    const [statusLine = '', ...lines] = rest.subarray(0, headEnd).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const bodyEnd = headEnd + 4 + length;
    if (rest.length < bodyEnd) return responses;
    responses.push({
      status: Number(statusLine.split(' ')[1]),
      headers,
      body: rest.subarray(headEnd + 4, bodyEnd).toString('utf8'),
    });
    rest = rest.subarray(bodyEnd);
  }
}

/**
 * Opens a socket, runs `drive` (which writes requests and waits for what it needs), then
 * half-closes and waits for the server to close. Nothing is retried: a reset shows up as
 * `error`.
 */
export function rawExchange(
  port: number,
  drive: (socket: net.Socket, seen: () => RawResponse[]) => Promise<void>,
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let ended = false;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
    });
    socket.on('end', () => {
      ended = true;
    });
    socket.on('close', () =>
      resolve({ responses: parseResponses(Buffer.concat(chunks)), error, ended }),
    );
    const seen = () => parseResponses(Buffer.concat(chunks));
    socket.once('connect', () => {
      drive(socket, seen).then(
        () => socket.end(),
        (e: unknown) => {
          error ??= String(e);
          socket.destroy();
        },
      );
    });
  });
}

/** Resolves once `count` complete responses have arrived (or the socket closed). */
export function responsesArrived(
  socket: net.Socket,
  seen: () => RawResponse[],
  count: number,
): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (seen().length >= count || socket.destroyed || socket.readableEnded) {
        socket.off('data', onData);
        socket.off('close', check);
        resolve();
      }
    };
    const onData = () => setImmediate(check);
    socket.on('data', onData);
    socket.on('close', check);
    check();
  });
}

/** The bytes of one HTTP/1.1 request. */
export function httpRequest(
  method: string,
  path: string,
  headers: Record<string, string | number>,
  body: Buffer | string = '',
): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (bytes.length > 0 && !('Content-Length' in headers))
    lines.push(`Content-Length: ${bytes.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}
