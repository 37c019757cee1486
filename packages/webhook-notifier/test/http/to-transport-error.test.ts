import { describe, expect, it } from 'vitest';
import { toTransportError } from '../../src/http/to-transport-error.js';
import { TransportError } from '../../src/http/transport.js';

const coded = (code: string, extra: object = {}) =>
  Object.assign(new Error(`failed with ${code}`), { code }, extra);

describe('toTransportError', () => {
  it.each([
    ['ERR_SSRF_REFUSED', 'ssrf_refused'],
    ['UND_ERR_CONNECT_TIMEOUT', 'connect_timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNRESET', 'network'],
    ['ECONNREFUSED', 'network'],
    ['UND_ERR_SOCKET', 'network'],
    ['CERT_HAS_EXPIRED', 'network'],
    ['UND_ERR_INVALID_ARG', 'invalid_url'],
  ])('maps %s to %s and keeps the original as cause', (code, expected) => {
    const original = coded(code);
    const mapped = toTransportError(original);
    expect(mapped).toBeInstanceOf(TransportError);
    expect(mapped.code).toBe(expected);
    expect(mapped.cause).toBe(original);
    expect(mapped.message).toBe(original.message);
  });

  it('finds the code of a wrapped error', () => {
    expect(toTransportError(coded('UND_ERR_SOCKET', { cause: coded('ENOTFOUND') })).code).toBe(
      'dns',
    );
    expect(toTransportError(new Error('outer', { cause: new Error('inner') })).code).toBe(
      'network',
    );
    const happyEyeballs = Object.assign(new AggregateError([coded('EAI_AGAIN')], 'all failed'), {
      code: 'ETIMEDOUT',
    });
    expect(toTransportError(happyEyeballs).code).toBe('dns');
    expect(toTransportError(new AggregateError([], 'none')).code).toBe('network');
  });

  it('passes a TransportError through and copes with non-errors', () => {
    const timeout = new TransportError('timeout', 'late');
    expect(toTransportError(timeout)).toBe(timeout);
    expect(toTransportError('boom')).toMatchObject({ code: 'network', message: 'boom' });
    expect(toTransportError(null)).toMatchObject({ code: 'network', message: 'null' });
  });
});
