import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction as NetLookupFunction } from 'node:net';
import { compileSsrfPolicy } from './compile-ssrf-policy.js';
import { DestinationRefusedError } from './destination-refused-error.js';
import type { SsrfPolicy } from './ssrf-policy.js';

/**
 * A `lookup` for `net.connect` / `tls.connect` that resolves through the policy's resolver
 * and fails with a {@link DestinationRefusedError} (`code: 'ERR_SSRF_REFUSED'`) when any
 * answer is forbidden. This checks the addresses the socket is about to connect to, so a
 * DNS answer that changed since an earlier check cannot slip through.
 *
 * `net.connect` skips `lookup` for IP literals: check those before connecting.
 *
 * @example
 * net.connect({ host: 'hooks.example.com', port: 443, lookup: createGuardedLookup() });
 */
export function createGuardedLookup(policy: SsrfPolicy = {}): NetLookupFunction {
  const compiled = compileSsrfPolicy(policy);
  return (hostname, options, callback) => {
    const answered = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = compiled.firstRefused(hostname, addresses);
      if (refused !== null) {
        return callback(
          new DestinationRefusedError({
            reason: 'forbidden_address',
            message: `${hostname} resolved to ${refused.address}, refused: ${refused.reason}`,
            address: refused.address,
            addressReason: refused.reason,
          }),
          '',
          0,
        );
      }
      const first = addresses[0];
      if (first === undefined) return callback(notFound(hostname), '', 0);
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    };

    const literalFamily = isIP(hostname);
    if (literalFamily !== 0) {
      return answered(null, [{ address: hostname, family: literalFamily }]);
    }
    compiled.lookup(hostname, { all: true, family: familyNumber(options.family) }, answered);
  };
}

function familyNumber(family: LookupOptions['family']): number {
  if (family === 'IPv4') return 4;
  if (family === 'IPv6') return 6;
  return family ?? 0;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  error.code = 'ENOTFOUND';
  error.syscall = 'getaddrinfo';
  return error;
}
