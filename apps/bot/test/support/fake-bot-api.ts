import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';

export interface BotApiRequest {
  method: string;
  payload: Record<string, unknown>;
}

/**
 * A Telegram Bot API server on 127.0.0.1 speaking the real protocol over HTTP
 * (`/bot<token>/<method>`, JSON in and out): `getUpdates` long-polls a queue the test fills,
 * `sendMessage` and friends are recorded and answered. The bot reaches it through
 * `TELEGRAM_API_ROOT`, so everything between grammY and the wire is the production path.
 */
export async function startFakeBotApi(options: { token: string; botInfo: UserFromGetMe }) {
  const requests: BotApiRequest[] = [];
  const queue: Update[] = [];
  const waiting = new Set<() => void>();
  let messageId = 1;

  const server = createServer((req, res) => {
    readJson(req).then(
      (payload) => answer(req, res, payload),
      () => reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request' }),
    );
  });

  function answer(req: IncomingMessage, res: ServerResponse, payload: Record<string, unknown>) {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match || match[1] !== options.token) {
      return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const method = match[2]!;
    if (method === 'getUpdates') return getUpdates(res, payload);
    requests.push({ method, payload });
    switch (method) {
      case 'getMe':
        return ok(res, options.botInfo);
      case 'sendMessage':
      case 'editMessageText':
        return ok(res, {
          message_id: messageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: 'private', first_name: 'user' },
          text: String(payload.text),
        });
      default:
        return ok(res, true);
    }
  }

  function getUpdates(res: ServerResponse, payload: Record<string, unknown>) {
    const offset = Number(payload.offset ?? 0);
    const limit = Number(payload.limit ?? 100);
    // Confirmed updates (below the offset) are gone, as on Telegram.
    while (queue.length > 0 && queue[0]!.update_id < offset) queue.shift();
    if (queue.length > 0) return ok(res, queue.slice(0, limit));
    const timeoutMs = Math.min(Number(payload.timeout ?? 0), 1) * 1000;
    const done = () => {
      waiting.delete(done);
      clearTimeout(timer);
      if (!res.writableEnded) ok(res, queue.slice(0, limit));
    };
    const timer = setTimeout(done, timeoutMs);
    waiting.add(done);
    res.on('close', () => {
      waiting.delete(done);
      clearTimeout(timer);
    });
  }

  // Node closes an idle keep-alive connection after 5 s; on a saturated machine a client can
  // reuse one just as it closes and see a reset that no real server setup would cause here.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    requests,
    /** Makes updates available to `getUpdates`, waking a poll in progress. */
    push(...updates: Update[]) {
      queue.push(...updates);
      for (const wake of [...waiting]) wake();
    },
    /** The texts sent to one chat, in the order the server received them. */
    textsTo(chatId: number): string[] {
      return requests
        .filter((r) => r.method === 'sendMessage' && Number(r.payload.chat_id) === chatId)
        .map((r) => String(r.payload.text));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of [...waiting]) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function ok(res: ServerResponse, result: unknown) {
  reply(res, 200, { ok: true, result });
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
