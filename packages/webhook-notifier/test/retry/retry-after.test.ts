import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/retry/retry-after.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('Retry-After', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP date, and a past date as now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', NOW)).toBe(90_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:10 GMT', NOW)).toBe(10_000);
  });

  it('ignores a missing or unreadable value', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('-5', NOW)).toBeNull();
    expect(parseRetryAfter('1.5', NOW)).toBeNull();
  });
});
