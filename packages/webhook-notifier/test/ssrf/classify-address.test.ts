import { describe, expect, it } from 'vitest';
import {
  type ForbiddenAddressReason,
  forbiddenAddressReason,
  parseIpAddress,
} from '../../src/ssrf/classify-address.js';

const refused: Array<[ForbiddenAddressReason, string[]]> = [
  ['loopback', ['127.0.0.1', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1']],
  ['private', ['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1']],
  ['link_local', ['169.254.1.1', 'fe80::1', 'fe80::1%eth0', 'febf::1']],
  ['carrier_grade_nat', ['100.64.0.1', '100.127.255.255']],
  ['multicast', ['224.0.0.1', '239.255.255.250', 'ff02::1', 'ff0e::1']],
  ['unspecified', ['0.0.0.0', '0.1.2.3', '::']],
  ['broadcast', ['255.255.255.255']],
  ['reserved', ['240.0.0.1', '198.18.0.1', '192.0.0.8', '100::1', '4000::1', '2001:2::1']],
  ['unique_local', ['fc00::1', 'fd12:3456::1']],
  ['cloud_metadata', ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '168.63.129.16']],
  ['documentation', ['192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1', '3fff::1']],
];

describe('forbiddenAddressReason', () => {
  for (const [reason, addresses] of refused) {
    it.each(addresses)(`refuses %s as ${reason}`, (address) => {
      expect(forbiddenAddressReason(address)).toBe(reason);
    });
  }

  it.each([
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['127.1', 'loopback'],
    ['0300.0250.0.1', 'private'],
    ['3232235777', 'private'],
    ['0xa9fea9fe', 'cloud_metadata'],
  ])('sees through the IPv4 spelling %s (%s)', (spelling, reason) => {
    expect(forbiddenAddressReason(spelling)).toBe(reason);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'cloud_metadata'],
    ['[::ffff:192.168.0.1]', 'private'],
    ['::ffff:0:10.0.0.1', 'private'],
  ])('judges the IPv4 address inside the IPv4-mapped or translated %s', (address, reason) => {
    expect(forbiddenAddressReason(address)).toBe(reason);
  });

  it.each([
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b:1::a00:1', 'reserved'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:a9fe:a9fe::1', 'cloud_metadata'],
    // Teredo: a public server 65.54.227.120 and the client 10.0.0.1, bit-inverted.
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'private'],
    ['2001:0:0a00:0001:8000:63bf:a249:27dd', 'private'],
    ['::7f00:1', 'loopback'],
    ['::5db8:d822', 'reserved'],
  ])(
    'judges the IPv4 address embedded by NAT64, 6to4, Teredo or the old compatible form: %s',
    (address, reason) => {
      expect(forbiddenAddressReason(address)).toBe(reason);
    },
  );

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700::1',
    '[2606:4700::1]',
    '2a00:1450:4001:81b::200e',
    '64:ff9b::93.184.216.34',
    '2002:5db8:d822::1',
    '2001:0:4136:e378:8000:63bf:a249:27dd',
  ])('lets the public address %s through', (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });

  it.each(['example.com', '', '256.1.1.1', '1.1.1.1.', ' 1.1.1.1', '08.0.0.1'])(
    'refuses %j as not an IP address',
    (text) => {
      expect(forbiddenAddressReason(text)).toBe('not_an_ip');
    },
  );
});

describe('parseIpAddress', () => {
  it('normalises odd IPv4 spellings and bracketed IPv6', () => {
    expect(parseIpAddress('0x7f.1')?.toString()).toBe('127.0.0.1');
    expect(parseIpAddress('[::1]')?.toNormalizedString()).toBe('0:0:0:0:0:0:0:1');
    expect(parseIpAddress('hooks.example.com')).toBeNull();
  });
});
