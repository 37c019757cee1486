import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/http/transport.js';
import { classifyError, classifyResponse } from '../../src/retry/classify.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const res = (status: number, headers: Record<string, string> = {}) => ({ status, headers });

describe('classify', () => {
  it.each([200, 201, 204, 299])('delivers on %i', (status) => {
    expect(classifyResponse(res(status), NOW)).toEqual({
      outcome: 'delivered',
      statusCode: status,
    });
  });

  it.each([301, 302, 307, 308])('retries %i as a redirect that is never followed', (status) => {
    expect(classifyResponse(res(status, { 'retry-after': '60' }), NOW)).toMatchObject({
      outcome: 'retry',
      errorClass: 'redirect',
      retryAfterMs: null,
    });
  });

  it.each([408, 429, 500, 502, 503, 504, 400, 401, 404, 422, 101])('retries %i', (status) => {
    expect(classifyResponse(res(status), NOW)).toMatchObject({
      outcome: 'retry',
      errorClass: 'http_status',
    });
  });

  it('disables the endpoint on 410', () => {
    expect(classifyResponse(res(410), NOW)).toMatchObject({ outcome: 'disable', statusCode: 410 });
  });

  it('fails other 4xx at once with retry4xx: false', () => {
    const options = { retry4xx: false };
    expect(classifyResponse(res(404), NOW, options)).toMatchObject({
      outcome: 'fail',
      statusCode: 404,
    });
    expect(classifyResponse(res(429), NOW, options)).toMatchObject({ outcome: 'retry' });
    expect(classifyResponse(res(503), NOW, options)).toMatchObject({ outcome: 'retry' });
  });

  it('clamps Retry-After to its bounds', () => {
    const bounds = { minRetryAfterMs: 2_000, maxRetryAfterMs: 10_000 };
    expect(classifyResponse(res(503, { 'retry-after': '0' }), NOW, bounds)).toMatchObject({
      retryAfterMs: 2_000,
    });
    expect(classifyResponse(res(503, { 'retry-after': '5' }), NOW, bounds)).toMatchObject({
      retryAfterMs: 5_000,
    });
    expect(classifyResponse(res(503, { 'retry-after': '99' }), NOW, bounds)).toMatchObject({
      retryAfterMs: 10_000,
    });
    expect(classifyResponse(res(503), NOW, bounds)).toMatchObject({ retryAfterMs: null });
  });

  it.each(['timeout', 'connect_timeout', 'network', 'dns'] as const)(
    'retries a %s error',
    (code) => {
      expect(classifyError(new TransportError(code, 'x'))).toMatchObject({
        outcome: 'retry',
        errorClass: code,
      });
    },
  );

  it.each(['ssrf_refused', 'invalid_url'] as const)('fails a %s error at once', (code) => {
    expect(classifyError(new TransportError(code, 'refused'))).toEqual({
      outcome: 'fail',
      errorClass: code,
      statusCode: null,
      message: 'refused',
    });
  });

  it('recognises a TransportError from another copy of the package by its name and code', () => {
    const foreign = Object.assign(new Error('refused'), {
      name: 'TransportError',
      code: 'ssrf_refused',
    });
    expect(classifyError(foreign)).toMatchObject({ outcome: 'fail', errorClass: 'ssrf_refused' });
  });

  it('treats anything else thrown as a network error', () => {
    expect(classifyError('boom')).toMatchObject({
      outcome: 'retry',
      errorClass: 'network',
      message: 'boom',
    });
    expect(classifyError(null)).toMatchObject({ errorClass: 'network' });
    const odd = Object.assign(new Error('x'), { name: 'TransportError', code: 'weird' });
    expect(classifyError(odd)).toMatchObject({ outcome: 'retry', errorClass: 'network' });
  });
});
