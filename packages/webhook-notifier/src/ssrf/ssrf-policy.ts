import type { LookupAddress } from 'node:dns';
import type { ForbiddenAddressReason } from './classify-address.js';

/**
 * A DNS resolver with the shape of `dns.lookup(hostname, { all: true }, callback)`. Inject
 * one to pin answers in tests or to use your own resolver.
 */
export type LookupFunction = (
  hostname: string,
  options: { all: true; family?: number; hints?: number },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** Where webhooks may go. The default (`{}`) refuses every non-public address. */
export interface SsrfPolicy {
  /**
   * Hostnames, IP addresses or CIDR ranges allowed even when private: for local development
   * and tests (`['127.0.0.1']`, `['10.1.0.0/16']`, `['hooks.internal']`). An allowed hostname
   * may resolve to anything; an allowed address or range is allowed whatever name led to it.
   */
  allow?: readonly string[];
  /** Refuse plain `http:` URLs. */
  httpsOnly?: boolean;
  /** The DNS resolver; `dns.lookup` by default. */
  lookup?: LookupFunction;
}

/** Why a destination was refused. */
export type DestinationRefusal =
  | 'invalid_url'
  | 'scheme_not_allowed'
  | 'https_required'
  | 'credentials_in_url'
  | 'forbidden_address'
  | 'dns_failed';

export interface DestinationAllowed {
  ok: true;
  url: URL;
}

export interface DestinationRefused {
  ok: false;
  reason: DestinationRefusal;
  /** Names the host and address, never the path or query (they may hold tokens). */
  message: string;
  /** With `forbidden_address`: the address refused and why. */
  address?: string;
  addressReason?: ForbiddenAddressReason;
}

export type DestinationCheck = DestinationAllowed | DestinationRefused;

export interface DestinationResolved extends DestinationAllowed {
  /** Every address the host resolved to, all of them allowed. */
  addresses: LookupAddress[];
}
