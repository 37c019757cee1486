import { describe, expect, it } from 'vitest';
import { compileSsrfPolicy } from '../../src/ssrf/compile-ssrf-policy.js';
import { checkDestination, resolveDestination } from '../../src/ssrf/index.js';
import { fakeLookup } from '../http/support/fake-lookup.js';

describe('checkDestination', () => {
  it('accepts a public https URL and hands back the parsed URL', () => {
    const result = checkDestination('https://hooks.example.com/x?y=1');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.url.hostname).toBe('hooks.example.com');
  });

  it('accepts a public IP literal without any lookup', () => {
    expect(checkDestination('http://93.184.216.34:8080/x').ok).toBe(true);
    expect(checkDestination('https://[2606:4700::1]/x').ok).toBe(true);
  });

  it.each([
    ['http://2130706433/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[0:0:0:0:0:ffff:a00:1]/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud_metadata'],
    ['http://[fd00:ec2::254]/', 'cloud_metadata'],
    ['http://0.0.0.0:3000/', 'unspecified'],
    ['http://[fe80::1]/', 'link_local'],
  ])('refuses %s, whatever spelling the URL parser normalised (%s)', (url, reason) => {
    expect(checkDestination(url)).toMatchObject({
      ok: false,
      reason: 'forbidden_address',
      addressReason: reason,
    });
  });

  it.each(['http://localhost:8080/', 'http://LOCALHOST./', 'http://api.localhost/'])(
    'refuses the localhost name %s before any lookup',
    (url) => {
      expect(checkDestination(url)).toMatchObject({
        ok: false,
        reason: 'forbidden_address',
        addressReason: 'loopback',
      });
    },
  );

  it('keeps the path and query of a refused URL out of the message', () => {
    const result = checkDestination('http://10.0.0.1/hook?token=s3cret-token');
    expect(result).toMatchObject({ ok: false, address: '10.0.0.1', addressReason: 'private' });
    expect(!result.ok && result.message).not.toContain('s3cret');
  });

  it.each([
    ['not a url', 'invalid_url'],
    ['ftp://hooks.example.com/', 'scheme_not_allowed'],
    ['file:///etc/passwd', 'scheme_not_allowed'],
    ['https://user:pw@hooks.example.com/', 'credentials_in_url'],
    ['https://:pw@hooks.example.com/', 'credentials_in_url'],
  ])('refuses %s with %s', (url, reason) => {
    expect(checkDestination(url)).toMatchObject({ ok: false, reason });
  });

  it('refuses plain http when the policy requires https', () => {
    const policy = { httpsOnly: true };
    expect(checkDestination('http://hooks.example.com/', policy)).toMatchObject({
      ok: false,
      reason: 'https_required',
    });
    expect(checkDestination('https://hooks.example.com/', policy).ok).toBe(true);
  });

  it('lets an allow-listed address through, in its IPv4-mapped form too', () => {
    const policy = { allow: ['127.0.0.1'] };
    expect(checkDestination('http://127.0.0.1:8080/', policy).ok).toBe(true);
    expect(checkDestination('http://[::ffff:127.0.0.1]:8080/', policy).ok).toBe(true);
    expect(checkDestination('http://127.0.0.2/', policy).ok).toBe(false);
  });

  it('lets an allow-listed range through and nothing outside it', () => {
    const policy = { allow: ['10.0.0.0/8', '::ffff:192.168.1.0/120', 'fd00::/8'] };
    expect(checkDestination('http://10.1.2.3/', policy).ok).toBe(true);
    expect(checkDestination('http://192.168.1.9/', policy).ok).toBe(true);
    expect(checkDestination('http://[fd00::5]/', policy).ok).toBe(true);
    expect(checkDestination('http://192.168.2.9/', policy).ok).toBe(false);
    expect(checkDestination('http://172.16.0.1/', policy).ok).toBe(false);
  });

  it('lets an allow-listed localhost name through', () => {
    expect(checkDestination('http://localhost:3000/', { allow: ['LocalHost'] }).ok).toBe(true);
  });

  it.each(['10.0.0.0/33', 'not a host!', 'a:b'])(
    'rejects the malformed allow-list entry %j with a TypeError naming the package',
    (entry) => {
      expect(() => checkDestination('https://hooks.example.com/', { allow: [entry] })).toThrow(
        /@dramarelay\/webhook-notifier: ssrf\.allow entry/,
      );
    },
  );
});

describe('resolveDestination', () => {
  it('returns every address of a host that resolves only to public addresses', async () => {
    const lookup = fakeLookup(['93.184.216.34', '2606:4700::1']);
    const result = await resolveDestination('https://hooks.example.com/', { lookup });
    expect(result).toMatchObject({
      ok: true,
      addresses: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
    });
    expect(lookup.calls).toEqual(['hooks.example.com']);
  });

  it('refuses a hostname whose DNS answer is private', async () => {
    const lookup = fakeLookup(['10.0.0.7']);
    expect(await resolveDestination('https://intranet.example.com/', { lookup })).toMatchObject({
      ok: false,
      reason: 'forbidden_address',
      address: '10.0.0.7',
      addressReason: 'private',
    });
  });

  it('refuses a hostname when any one of its answers is forbidden', async () => {
    const lookup = fakeLookup(['93.184.216.34', '169.254.169.254']);
    expect(await resolveDestination('https://mixed.example.com/', { lookup })).toMatchObject({
      ok: false,
      address: '169.254.169.254',
      addressReason: 'cloud_metadata',
    });
  });

  it('reports a failed or empty lookup as dns_failed', async () => {
    expect(
      await resolveDestination('https://gone.example.com/', { lookup: fakeLookup('ENOTFOUND') }),
    ).toMatchObject({
      ok: false,
      reason: 'dns_failed',
      message: expect.stringContaining('ENOTFOUND'),
    });
    expect(
      await resolveDestination('https://empty.example.com/', { lookup: fakeLookup([]) }),
    ).toMatchObject({ ok: false, reason: 'dns_failed' });
  });

  it('does not resolve an IP literal', async () => {
    const lookup = fakeLookup(['10.0.0.1']);
    expect(await resolveDestination('https://[2606:4700::1]/', { lookup })).toMatchObject({
      ok: true,
      addresses: [{ address: '2606:4700::1', family: 6 }],
    });
    expect(await resolveDestination('https://93.184.216.34/', { lookup })).toMatchObject({
      ok: true,
      addresses: [{ address: '93.184.216.34', family: 4 }],
    });
    expect(lookup.calls).toEqual([]);
  });

  it('stops at the synchronous check without resolving', async () => {
    const lookup = fakeLookup(['93.184.216.34']);
    expect(await resolveDestination('ftp://hooks.example.com/', { lookup })).toMatchObject({
      ok: false,
      reason: 'scheme_not_allowed',
    });
    expect(lookup.calls).toEqual([]);
  });

  it('lets an allow-listed hostname resolve to a private address', async () => {
    const lookup = fakeLookup(['10.0.0.7']);
    const policy = { allow: ['hooks.internal.'], lookup };
    expect(await resolveDestination('http://Hooks.Internal/x', policy)).toMatchObject({
      ok: true,
      addresses: [{ address: '10.0.0.7', family: 4 }],
    });
  });

  it('lets an allow-listed range through whatever name led to it', async () => {
    const policy = { allow: ['10.0.0.0/24'], lookup: fakeLookup(['10.0.0.7']) };
    expect((await resolveDestination('http://a.internal/', policy)).ok).toBe(true);
  });
});

describe('compileSsrfPolicy', () => {
  it('parses a policy once and reuses the result', () => {
    const policy = { allow: ['127.0.0.1'] };
    expect(compileSsrfPolicy(policy)).toBe(compileSsrfPolicy(policy));
  });

  it('refuses a resolver answer that is not an IP address', () => {
    expect(compileSsrfPolicy({}).refuseAddress('x.example.com', 'x.example.com')).toBe('not_an_ip');
  });
});
