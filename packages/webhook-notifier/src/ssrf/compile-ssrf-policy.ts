import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { misuse } from '../errors/misuse.js';
import {
  classifyParsedAddress,
  type ForbiddenAddressReason,
  parseIpAddress,
} from './classify-address.js';
import type { LookupFunction, SsrfPolicy } from './ssrf-policy.js';

/** A policy with its allow-list parsed once, ready for the hot path. */
export interface CompiledSsrfPolicy {
  readonly httpsOnly: boolean;
  readonly lookup: LookupFunction;
  /** Whether this hostname is allow-listed by name. */
  allowsHost(hostname: string): boolean;
  /** Why `address`, reached through `hostname`, must not be connected to; `null` if it may. */
  refuseAddress(hostname: string, address: string): ForbiddenAddressReason | null;
  /** The first refused address among a resolver's answers for `hostname`, or `null`. */
  firstRefused(
    hostname: string,
    addresses: readonly LookupAddress[],
  ): { address: string; reason: ForbiddenAddressReason } | null;
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const HOSTNAME = /^[a-z0-9_.-]+$/i;
const compiled = new WeakMap<SsrfPolicy, CompiledSsrfPolicy>();

/**
 * Parses a policy's allow-list once; the result is cached per policy object, so treat a
 * policy as immutable once used.
 *
 * @example
 * const policy = compileSsrfPolicy({ allow: ['127.0.0.1'] });
 * policy.refuseAddress('localhost', '127.0.0.1'); // null
 * policy.refuseAddress('localhost', '10.0.0.1'); // 'private'
 */
export function compileSsrfPolicy(policy: SsrfPolicy): CompiledSsrfPolicy {
  let result = compiled.get(policy);
  if (result === undefined) {
    result = compile(policy);
    compiled.set(policy, result);
  }
  return result;
}

/** Lower case, no brackets, no trailing dot: the form allow-list entries are compared in. */
export function normaliseHostname(hostname: string): string {
  let name = hostname.toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function compile(policy: SsrfPolicy): CompiledSsrfPolicy {
  const hosts = new Set<string>();
  const ranges: Cidr[] = [];
  for (const entry of policy.allow ?? []) {
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw badEntry(entry);
      ranges.push(unmapRange(ipaddr.parseCIDR(entry)));
      continue;
    }
    const ip = parseIpAddress(entry);
    if (ip !== null) {
      const address = unmap(ip);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOSTNAME.test(entry)) {
      hosts.add(normaliseHostname(entry));
    } else {
      throw badEntry(entry);
    }
  }

  const allowsHost = (hostname: string): boolean =>
    hosts.size > 0 && hosts.has(normaliseHostname(hostname));

  const refuseAddress = (hostname: string, address: string): ForbiddenAddressReason | null => {
    if (allowsHost(hostname)) return null;
    const parsed = parseIpAddress(address);
    if (parsed === null) return 'not_an_ip';
    const plain = unmap(parsed);
    for (const range of ranges) {
      if (range[0].kind() === plain.kind() && plain.match(range)) return null;
    }
    return classifyParsedAddress(parsed);
  };

  return {
    httpsOnly: policy.httpsOnly === true,
    lookup: policy.lookup ?? (dnsLookup as LookupFunction),
    allowsHost,
    refuseAddress,
    firstRefused(hostname, addresses) {
      for (const { address } of addresses) {
        const reason = refuseAddress(hostname, address);
        if (reason !== null) return { address, reason };
      }
      return null;
    },
  };
}

// An allow-listed 127.0.0.1 also covers ::ffff:127.0.0.1, the form a dual-stack socket reports.
function unmap(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function unmapRange([address, bits]: Cidr): Cidr {
  const plain = unmap(address);
  return plain === address ? [address, bits] : [plain, Math.max(0, bits - 96)];
}

function badEntry(entry: string): TypeError {
  return misuse(
    `ssrf.allow entry ${JSON.stringify(entry)} is not a hostname, IP address or CIDR range`,
  );
}
