/**
 * The part of a `pg.Client` that LISTEN needs; a connected `pg.Client` (or a client checked
 * out of a `pg.Pool` for good) satisfies it. Notifications only reach the connection that
 * listens, and Kysely does not expose its connections' events, hence a dedicated client.
 */
export interface ListenClient {
  query(text: string): Promise<unknown>;
  on(
    event: 'notification',
    listener: (message: { channel: string; payload?: string | undefined }) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  end(): Promise<void>;
}

/**
 * How the store gets its LISTEN connection: from a connection string (the store imports `pg`
 * itself), or from your own factory returning a connected client.
 */
export type ListenOptions = (
  | { connectionString: string }
  | { connect: () => Promise<ListenClient> }
) & {
  /** Told about connection failures (the listener reconnects by itself). */
  onError?: (error: unknown) => void;
  /** First and longest pause between reconnection attempts, in ms. Default 100 and 5000. */
  reconnectDelayMs?: { min: number; max: number };
};

export interface PgListener {
  /** Resolves once LISTEN is active; rejects if the first connection fails. */
  subscribe(onWake: () => void): Promise<() => Promise<void>>;
}

const noop = () => undefined;

export function createPgListener(channel: string, options: ListenOptions): PgListener {
  const connect =
    'connect' in options ? options.connect : () => connectWithPg(options.connectionString);
  const onError = options.onError ?? noop;
  const minDelay = options.reconnectDelayMs?.min ?? 100;
  const maxDelay = options.reconnectDelayMs?.max ?? 5000;
  const listenSql = `LISTEN "${channel.replaceAll('"', '""')}"`;

  const handlers = new Set<() => void>();
  let connection: { client: ListenClient; closed: boolean } | undefined;
  let starting: Promise<void> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = minDelay;

  function wakeAll() {
    for (const handler of [...handlers]) {
      try {
        handler();
      } catch (error) {
        onError(error);
      }
    }
  }

  async function open(): Promise<void> {
    const client = await connect();
    const current = { client, closed: false };
    const lost = (error: unknown) => {
      if (current.closed) return;
      current.closed = true;
      if (connection === current) connection = undefined;
      client.end().catch(noop);
      onError(error);
      scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('LISTEN connection ended')));
    client.on('notification', (message) => {
      if (message.channel === channel) wakeAll();
    });
    try {
      await client.query(listenSql);
    } catch (error) {
      current.closed = true;
      await client.end().catch(noop);
      throw error;
    }
    if (handlers.size === 0 || current.closed) {
      current.closed = true;
      await client.end().catch(noop);
      return;
    }
    connection = current;
    retryDelay = minDelay;
  }

  function start(): Promise<void> {
    starting ??= open().finally(() => {
      starting = undefined;
    });
    return starting;
  }

  function scheduleReconnect() {
    if (handlers.size === 0 || retryTimer !== undefined) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, maxDelay);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (handlers.size === 0 || connection !== undefined || starting !== undefined) return;
      start().then(
        // Whatever was enqueued while we were away sent its NOTIFY to nobody: wake anyway.
        () => wakeAll(),
        (error: unknown) => {
          onError(error);
          scheduleReconnect();
        },
      );
    }, delay);
  }

  async function stop() {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    await starting?.catch(noop);
    const current = connection;
    connection = undefined;
    if (current !== undefined && !current.closed) {
      current.closed = true;
      await current.client.end().catch(noop);
    }
  }

  return {
    async subscribe(onWake) {
      const handler = () => onWake();
      handlers.add(handler);
      if (connection === undefined) {
        try {
          await start();
        } catch (error) {
          handlers.delete(handler);
          throw error;
        }
      }
      let subscribed = true;
      return async () => {
        if (!subscribed) return;
        subscribed = false;
        handlers.delete(handler);
        if (handlers.size === 0) await stop();
      };
    },
  };
}

async function connectWithPg(connectionString: string): Promise<ListenClient> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(noop);
    throw error;
  }
  return client;
}
