import type { LookupAddress } from 'node:dns';
import { isIPv4 } from 'node:net';
import type { LookupFunction } from '../../../src/ssrf/ssrf-policy.js';

export interface FakeLookup extends LookupFunction {
  /** Hostnames asked, in order. */
  calls: string[];
}

const toAddress = (address: string): LookupAddress => ({
  address,
  family: isIPv4(address) ? 4 : 6,
});

/**
 * A resolver that answers from a script: each call takes the next answer, the last one
 * repeating. An answer is a list of addresses or an error code such as `ENOTFOUND`.
 */
export function fakeLookup(...answers: Array<string[] | `E${string}`>): FakeLookup {
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname, _options, callback) => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length, answers.length) - 1]!;
    setImmediate(() => {
      if (typeof answer === 'string') {
        const error: NodeJS.ErrnoException = new Error(`getaddrinfo ${answer} ${hostname}`);
        error.code = answer;
        callback(error, []);
      } else {
        callback(null, answer.map(toAddress));
      }
    });
  };
  return Object.assign(lookup, { calls });
}

/** A resolver that never answers. */
export function hangingLookup(): FakeLookup {
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname) => {
    calls.push(hostname);
  };
  return Object.assign(lookup, { calls });
}
