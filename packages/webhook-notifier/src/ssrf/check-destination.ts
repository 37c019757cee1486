import type { LookupAddress } from 'node:dns';
import { isIPv4 } from 'node:net';
import {
  type CompiledSsrfPolicy,
  compileSsrfPolicy,
  normaliseHostname,
} from './compile-ssrf-policy.js';
import type {
  DestinationCheck,
  DestinationRefused,
  DestinationResolved,
  SsrfPolicy,
} from './ssrf-policy.js';

const NO_POLICY: SsrfPolicy = {};

/**
 * Checks a webhook URL without touching the network: it must parse, be `http:` or `https:`
 * (`https:` only with `httpsOnly`), carry no credentials, and, when its host is an IP
 * literal (in any spelling) or a `localhost` name, point at a public address. Hostnames are
 * judged later, by {@link resolveDestination} and at connect time.
 *
 * @example
 * checkDestination('http://0x7f.1/hook'); // { ok: false, reason: 'forbidden_address', ... }
 * checkDestination('https://hooks.example.com/x'); // { ok: true, url }
 */
export function checkDestination(url: string, policy: SsrfPolicy = NO_POLICY): DestinationCheck {
  const parsed = parseHttpUrl(url, policy.httpsOnly === true);
  if (!parsed.ok) return parsed;
  const compiled = compileSsrfPolicy(policy);
  const host = parsed.url.hostname;
  const literal = ipLiteral(host);
  if (literal !== null) {
    const reason = compiled.refuseAddress(host, literal);
    return reason === null ? parsed : forbidden(host, literal, reason);
  }
  if (isLocalhostName(host) && !compiled.allowsHost(host)) {
    return {
      ok: false,
      reason: 'forbidden_address',
      message: `${host} always names this machine`,
      addressReason: 'loopback',
    };
  }
  return parsed;
}

/**
 * {@link checkDestination}, then resolves the host through the policy's `lookup` and
 * refuses it if ANY answer is a forbidden address. The connection itself is checked again
 * (see `createGuardedLookup`), so a DNS answer that changes in between cannot slip through.
 *
 * @example
 * const result = await resolveDestination('https://hooks.example.com/x');
 * if (!result.ok) console.log(result.reason); // 'dns_failed' | 'forbidden_address' | ...
 */
export async function resolveDestination(
  url: string,
  policy: SsrfPolicy = NO_POLICY,
): Promise<DestinationResolved | DestinationRefused> {
  const checked = checkDestination(url, policy);
  if (!checked.ok) return checked;
  const host = checked.url.hostname;
  const literal = ipLiteral(host);
  if (literal !== null) {
    return { ...checked, addresses: [{ address: literal, family: isIPv4(literal) ? 4 : 6 }] };
  }
  const compiled = compileSsrfPolicy(policy);
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(compiled, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    return { ok: false, reason: 'dns_failed', message: `resolving ${host} failed with ${code}` };
  }
  if (addresses.length === 0) {
    return { ok: false, reason: 'dns_failed', message: `${host} resolved to no address` };
  }
  const refused = compiled.firstRefused(host, addresses);
  if (refused !== null) return forbidden(host, refused.address, refused.reason);
  return { ...checked, addresses };
}

/**
 * Parses and checks scheme (and `httpsOnly`) and credentials only: what is left of
 * {@link checkDestination} when the SSRF guard is off.
 *
 * @example
 * parseHttpUrl('http://10.0.0.1/hook', false); // { ok: true, url }
 * parseHttpUrl('ftp://example.com/', false); // { ok: false, reason: 'scheme_not_allowed', ... }
 */
export function parseHttpUrl(url: string, httpsOnly: boolean): DestinationCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'invalid_url', message: 'the URL does not parse' };
  }
  const scheme = parsed.protocol;
  if (scheme !== 'https:' && scheme !== 'http:') {
    return {
      ok: false,
      reason: 'scheme_not_allowed',
      message: `${scheme} URLs are not allowed, only http: and https:`,
    };
  }
  if (httpsOnly && scheme === 'http:') {
    return { ok: false, reason: 'https_required', message: 'only https: URLs are allowed' };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return {
      ok: false,
      reason: 'credentials_in_url',
      message: 'URLs with a user name or password are not allowed',
    };
  }
  return { ok: true, url: parsed };
}

/**
 * The address of a WHATWG-normalised hostname (`URL#hostname`) that is an IP literal, or
 * `null` for a name.
 *
 * @example
 * ipLiteral(new URL('http://[::1]/').hostname); // '::1'
 */
export function ipLiteral(hostname: string): string | null {
  if (hostname.startsWith('[')) return hostname.slice(1, -1);
  return isIPv4(hostname) ? hostname : null;
}

function isLocalhostName(host: string): boolean {
  const name = normaliseHostname(host);
  return name === 'localhost' || name.endsWith('.localhost');
}

function forbidden(
  host: string,
  address: string,
  reason: NonNullable<DestinationRefused['addressReason']>,
): DestinationRefused {
  const where = ipLiteral(host) === null ? `${host} (${address})` : host;
  return {
    ok: false,
    reason: 'forbidden_address',
    message: `${where} is refused: ${reason}`,
    address,
    addressReason: reason,
  };
}

function lookupAll(policy: CompiledSsrfPolicy, host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    policy.lookup(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });
}
