import type { Socket } from 'node:net';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGuardedConnector } from '../../src/http/guarded-connector.js';
import { fakeLookup } from './support/fake-lookup.js';
import { type LocalServer, startLocalServer } from './support/local-server.js';
import { fenceNetwork, type NetworkFence } from './support/network-fence.js';

type Connected = { error: Error | null; socket: Socket | null };

describe('createGuardedConnector', () => {
  let fence: NetworkFence;
  let server: LocalServer;

  beforeEach(async () => {
    fence = fenceNetwork();
    server = await startLocalServer();
  });
  afterEach(async () => {
    await server.close();
    fence.restore();
  });

  function connect(
    connector: ReturnType<typeof createGuardedConnector>,
    hostname: string,
  ): Promise<Connected> {
    return new Promise((resolve) =>
      connector({ hostname, protocol: 'http:', port: String(server.port) }, (error, socket) =>
        resolve({ error, socket } as Connected),
      ),
    );
  }

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.1', '169.254.169.254'])(
    'refuses the IP literal %s without opening a socket',
    async (hostname) => {
      const { error, socket } = await connect(createGuardedConnector(), hostname);
      expect(error).toMatchObject({ code: 'ERR_SSRF_REFUSED', address: hostname });
      expect(socket).toBeNull();
      expect(server.connections).toBe(0);
      expect(fence.attempts).toEqual([]);
    },
  );

  it('connects to an allow-listed IP literal', async () => {
    const { error, socket } = await connect(
      createGuardedConnector({ allow: ['127.0.0.0/8'] }, { connectTimeoutMs: 1000 }),
      '127.0.0.1',
    );
    expect(error).toBeNull();
    socket?.destroy();
    expect(fence.attempts).toEqual(['127.0.0.1']);
  });

  it('checks the addresses a hostname resolves to before the socket connects', async () => {
    const lookup = fakeLookup(['127.0.0.1']);
    const { error } = await connect(createGuardedConnector({ lookup }), 'sneaky.test');
    expect(error).toMatchObject({ code: 'ERR_SSRF_REFUSED', addressReason: 'loopback' });
    expect(lookup.calls).toEqual(['sneaky.test']);
    expect(server.connections).toBe(0);
  });

  it('guards an Agent the caller builds', async () => {
    const agent = new Agent({ connect: createGuardedConnector() });
    await expect(
      agent.request({ origin: server.origin, path: '/', method: 'POST' }),
    ).rejects.toMatchObject({ code: 'ERR_SSRF_REFUSED' });
    await agent.close();
    expect(server.connections).toBe(0);
  });
});
