import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { compileSsrfPolicy } from '../ssrf/compile-ssrf-policy.js';
import { DestinationRefusedError } from '../ssrf/destination-refused-error.js';
import { createGuardedLookup } from '../ssrf/guarded-lookup.js';
import type { SsrfPolicy } from '../ssrf/ssrf-policy.js';

export interface GuardedConnectorOptions {
  /** Time allowed for DNS, TCP and TLS. Default 10 000 ms. */
  connectTimeoutMs?: number;
}

/**
 * An undici connector that never opens a socket to a forbidden address: IP literals are
 * classified before connecting, hostnames through {@link createGuardedLookup} on the very
 * addresses `net.connect` is about to use. Give it to your own `Agent` when you inject a
 * dispatcher but still want the guard.
 *
 * @example
 * const agent = new Agent({ connect: createGuardedConnector({ allow: ['10.1.0.0/16'] }) });
 */
export function createGuardedConnector(
  policy: SsrfPolicy = {},
  options: GuardedConnectorOptions = {},
): buildConnector.connector {
  const compiled = compileSsrfPolicy(policy);
  const connect = buildConnector({
    timeout: options.connectTimeoutMs ?? 10_000,
    lookup: createGuardedLookup(policy),
  });
  return (target, callback) => {
    const { hostname } = target;
    if (isIP(hostname) !== 0) {
      const reason = compiled.refuseAddress(hostname, hostname);
      if (reason !== null) {
        const error = new DestinationRefusedError({
          reason: 'forbidden_address',
          message: `${hostname} is refused: ${reason}`,
          address: hostname,
          addressReason: reason,
        });
        // Fail asynchronously, as a socket error would.
        process.nextTick(callback, error, null);
        return;
      }
    }
    connect(target, callback);
  };
}
