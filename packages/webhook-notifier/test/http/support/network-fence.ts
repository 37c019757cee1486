import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import { vi } from 'vitest';

export interface NetworkFence {
  /** Every address a socket was about to connect to, after any lookup. */
  attempts: string[];
  restore(): void;
}

type Callback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

const isLoopback = (address: string) =>
  address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');

/**
 * Wraps `net.connect` for the test's duration: records every address a socket is about to
 * reach and turns any non-loopback one into an error, so a guard bug shows up as a failed
 * test and never as traffic leaving this machine.
 */
export function fenceNetwork(): NetworkFence {
  const attempts: string[] = [];
  const original = net.connect;
  const fenceError = (address: string) =>
    Object.assign(new Error(`test fence: refused to connect to ${address}`), {
      code: 'ETESTFENCE',
    });

  const spy = vi.spyOn(net, 'connect').mockImplementation(((
    options: net.NetConnectOpts,
    ...rest: unknown[]
  ) => {
    const tcp = options as net.TcpNetConnectOpts;
    const host = tcp.host ?? 'localhost';
    if (net.isIP(host) !== 0) {
      attempts.push(host);
      if (!isLoopback(host)) throw fenceError(host);
      return (original as (...args: unknown[]) => net.Socket)(options, ...rest);
    }
    const lookup = tcp.lookup;
    if (lookup === undefined) throw fenceError(`${host} (system DNS)`);
    const fencedLookup = (hostname: string, lookupOptions: object, callback: Callback) =>
      lookup(hostname, lookupOptions, ((error, address, family) => {
        if (error) return callback(error, address, family);
        const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
        attempts.push(...list);
        const outside = list.find((a) => !isLoopback(a));
        if (outside !== undefined) return callback(fenceError(outside), '', 0);
        callback(null, address, family);
      }) as Callback);
    return (original as (...args: unknown[]) => net.Socket)(
      { ...options, lookup: fencedLookup },
      ...rest,
    );
  }) as typeof net.connect);

  return { attempts, restore: () => spy.mockRestore() };
}
