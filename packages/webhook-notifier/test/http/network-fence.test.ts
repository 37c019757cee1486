import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fenceNetwork, type NetworkFence } from './support/network-fence.js';

// The SSRF tests trust this fence to turn a guard bug into a failure instead of real traffic.
describe('the test network fence', () => {
  let fence: NetworkFence;
  beforeEach(() => {
    fence = fenceNetwork();
  });
  afterEach(() => fence.restore());

  it('stops a socket to a non-loopback address before it is opened', () => {
    expect(vi.isMockFunction(net.connect)).toBe(true);
    expect(() => net.connect({ host: '192.0.2.1', port: 9 })).toThrow(/test fence/);
    expect(fence.attempts).toEqual(['192.0.2.1']);
  });

  it('stops a socket whose lookup answers a non-loopback address', async () => {
    expect(vi.isMockFunction(net.connect)).toBe(true);
    const lookup: net.LookupFunction = (_host, _options, callback) =>
      callback(null, [{ address: '192.0.2.1', family: 4 }]);
    const error = await new Promise<NodeJS.ErrnoException>((resolve) =>
      net.connect({ host: 'outside.test', port: 9, lookup }).once('error', resolve),
    );
    expect(error.code).toBe('ETESTFENCE');
    expect(fence.attempts).toEqual(['192.0.2.1']);
  });

  it('stops a socket that would use the system resolver', () => {
    expect(() => net.connect({ host: 'example.com', port: 80 })).toThrow(/system DNS/);
  });
});
