import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedLookup } from '../../src/ssrf/guarded-lookup.js';
import { fakeLookup } from '../http/support/fake-lookup.js';
import { type LocalServer, startLocalServer } from '../http/support/local-server.js';

interface Answer {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family: number | undefined;
}

function ask(
  lookup: net.LookupFunction,
  hostname: string,
  options: Parameters<net.LookupFunction>[1],
): Promise<Answer> {
  return new Promise((resolve) =>
    lookup(hostname, options, (error, address, family) => resolve({ error, address, family })),
  );
}

describe('createGuardedLookup', () => {
  it('answers like dns.lookup when every address is public', async () => {
    const lookup = createGuardedLookup({ lookup: fakeLookup(['93.184.216.34', '2606:4700::1']) });
    expect(await ask(lookup, 'hooks.example.com', { all: true })).toMatchObject({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
    });
    expect(await ask(lookup, 'hooks.example.com', {})).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('fails with ERR_SSRF_REFUSED when an answer is forbidden', async () => {
    const lookup = createGuardedLookup({ lookup: fakeLookup(['93.184.216.34', '127.0.0.1']) });
    const { error } = await ask(lookup, 'rebind.example.com', { all: true });
    expect(error).toMatchObject({
      name: 'DestinationRefusedError',
      code: 'ERR_SSRF_REFUSED',
      reason: 'forbidden_address',
      address: '127.0.0.1',
      addressReason: 'loopback',
    });
  });

  it('passes resolver errors through unchanged and turns an empty answer into ENOTFOUND', async () => {
    const failing = createGuardedLookup({ lookup: fakeLookup('EAI_AGAIN') });
    expect((await ask(failing, 'x.example.com', {})).error?.code).toBe('EAI_AGAIN');
    const empty = createGuardedLookup({ lookup: fakeLookup([]) });
    expect((await ask(empty, 'x.example.com', {})).error?.code).toBe('ENOTFOUND');
  });

  it('judges an IP literal without asking the resolver', async () => {
    const resolver = fakeLookup(['93.184.216.34']);
    const lookup = createGuardedLookup({ lookup: resolver });
    expect((await ask(lookup, '10.0.0.1', {})).error?.code).toBe('ERR_SSRF_REFUSED');
    expect(await ask(lookup, '2606:4700::1', {})).toMatchObject({ address: '2606:4700::1' });
    expect(resolver.calls).toEqual([]);
  });

  it('asks the resolver for the family the socket wants', async () => {
    const seen: unknown[] = [];
    const lookup = createGuardedLookup({
      lookup: (_hostname, options, callback) => {
        seen.push(options.family);
        callback(null, [{ address: '2606:4700::1', family: 6 }]);
      },
    });
    await ask(lookup, 'v6.example.com', { family: 'IPv6' });
    await ask(lookup, 'v4.example.com', { family: 'IPv4' });
    await ask(lookup, 'v6.example.com', { family: 6 });
    await ask(lookup, 'any.example.com', {});
    expect(seen).toEqual([6, 4, 6, 0]);
  });

  describe('on a real socket', () => {
    let server: LocalServer;
    afterEach(() => server.close());

    function connect(lookup: net.LookupFunction): Promise<NodeJS.ErrnoException | null> {
      return new Promise((resolve) => {
        const socket = net.connect({ host: 'hooks.test', port: server.port, lookup });
        // A whole request and response, so the server has surely counted the connection.
        socket.once('connect', () => {
          socket.end('POST / HTTP/1.1\r\nhost: hooks.test\r\ncontent-length: 0\r\n\r\n');
          socket.resume().once('end', () => resolve(null));
        });
        socket.once('error', resolve);
      });
    }

    it('never opens a connection when the name resolves to loopback', async () => {
      server = await startLocalServer();
      const error = await connect(createGuardedLookup({ lookup: fakeLookup(['127.0.0.1']) }));
      expect(error?.code).toBe('ERR_SSRF_REFUSED');
      expect(server.connections).toBe(0);
    });

    it('connects when the resolved address is allow-listed', async () => {
      server = await startLocalServer();
      const lookup = createGuardedLookup({
        allow: ['127.0.0.1'],
        lookup: fakeLookup(['127.0.0.1']),
      });
      expect(await connect(lookup)).toBeNull();
      expect(server.connections).toBe(1);
    });
  });
});
