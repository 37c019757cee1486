import ipaddr from 'ipaddr.js';

/** Why an address is no place to send a webhook. */
export type ForbiddenAddressReason =
  | 'not_an_ip'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'carrier_grade_nat'
  | 'multicast'
  | 'broadcast'
  | 'unique_local'
  | 'cloud_metadata'
  | 'documentation'
  | 'reserved';

type ParsedAddress = ipaddr.IPv4 | ipaddr.IPv6;

// Instance metadata services: AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba, Azure's
// wireserver (a public-looking address that only answers from inside Azure).
const CLOUD_METADATA = new Set(
  ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '168.63.129.16'].map((ip) =>
    ipaddr.parse(ip).toNormalizedString(),
  ),
);

// ipaddr.js files these under `reserved`; name them for a clearer refusal (RFC 5737, 3849, 9637).
const DOCUMENTATION: Parameters<typeof ipaddr.subnetMatch>[1] = {
  documentation: [
    ipaddr.parseCIDR('192.0.2.0/24'),
    ipaddr.parseCIDR('198.51.100.0/24'),
    ipaddr.parseCIDR('203.0.113.0/24'),
    ipaddr.parseCIDR('2001:db8::/32'),
    ipaddr.parseCIDR('3fff::/20'),
  ],
};

// IANA hands out global unicast IPv6 only from 2000::/3; anything else is refused by default.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
const IPV4_COMPATIBLE_V6 = ipaddr.parseCIDR('::/96');
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

const V4_RANGES: Readonly<Record<string, ForbiddenAddressReason | null>> = {
  unicast: null,
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link_local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier_grade_nat',
  private: 'private',
};

const V6_RANGES: Readonly<Record<string, ForbiddenAddressReason | null>> = {
  unicast: null,
  unspecified: 'unspecified',
  linkLocal: 'link_local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique_local',
  // fec0::/10, the deprecated site-local range, was IPv6's first "private" block.
  deprecatedSiteLocal: 'private',
};

/**
 * Parses an IP address in any spelling a resolver or `inet_aton` accepts: dotted decimal,
 * a single decimal/octal/hex number (`2130706433`, `0x7f000001`), octal or hex parts
 * (`0177.0.0.1`), IPv6 with or without brackets or a zone. Returns `null` for anything else.
 *
 * @example
 * parseIpAddress('0x7f.1')?.toString(); // '127.0.0.1'
 */
export function parseIpAddress(text: string): ParsedAddress | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return ipaddr.isValid(bare) ? ipaddr.parse(bare) : null;
}

/**
 * Says why an IP address must not receive a webhook, or `null` when it is a public unicast
 * address. Embedded IPv4 addresses (IPv4-mapped, NAT64, 6to4, Teredo) are judged by the
 * IPv4 address they carry.
 *
 * @example
 * forbiddenAddressReason('0177.0.0.1'); // 'loopback'
 * forbiddenAddressReason('::ffff:10.0.0.1'); // 'private'
 * forbiddenAddressReason('93.184.216.34'); // null
 */
export function forbiddenAddressReason(ip: string): ForbiddenAddressReason | null {
  const address = parseIpAddress(ip);
  return address === null ? 'not_an_ip' : classifyParsedAddress(address);
}

/** {@link forbiddenAddressReason} for an address already parsed by ipaddr.js. */
export function classifyParsedAddress(address: ParsedAddress): ForbiddenAddressReason | null {
  if (CLOUD_METADATA.has(address.toNormalizedString())) return 'cloud_metadata';
  if (ipaddr.subnetMatch(address, DOCUMENTATION, 'other') === 'documentation') {
    return 'documentation';
  }
  if (address.kind() === 'ipv6') return classifyIPv6(address as ipaddr.IPv6);
  const reason = V4_RANGES[address.range()];
  // as112, amt, 240/4, benchmarking and the rest: not a place a webhook lives.
  return reason === undefined ? 'reserved' : reason;
}

// IPv6 ranges that carry an IPv4 address are judged by that address.
function classifyIPv6(address: ipaddr.IPv6): ForbiddenAddressReason | null {
  const range = address.range();
  const p = address.parts;
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return classifyParsedAddress(v4FromWords(p[6]!, p[7]!));
    case 'rfc6052':
      // Only the well-known /96 prefix embeds at a fixed place; local-use NAT64 may point anywhere.
      return address.match(NAT64_WELL_KNOWN)
        ? classifyParsedAddress(v4FromWords(p[6]!, p[7]!))
        : 'reserved';
    case '6to4':
      return classifyParsedAddress(v4FromWords(p[1]!, p[2]!));
    case 'teredo':
      // Teredo carries the server in words 2-3 and the client, bit-inverted, in words 6-7.
      return (
        classifyParsedAddress(v4FromWords(p[2]!, p[3]!)) ??
        classifyParsedAddress(v4FromWords(p[6]! ^ 0xffff, p[7]! ^ 0xffff))
      );
  }
  const reason = V6_RANGES[range];
  if (reason !== null) return reason ?? 'reserved';
  if (address.match(IPV4_COMPATIBLE_V6)) {
    // The deprecated IPv4-compatible form (::a.b.c.d) is never a legitimate destination.
    return classifyParsedAddress(v4FromWords(p[6]!, p[7]!)) ?? 'reserved';
  }
  return address.match(GLOBAL_UNICAST_V6) ? null : 'reserved';
}

function v4FromWords(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
