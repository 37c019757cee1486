import { describe, expect, it } from 'vitest';
import { DEFAULT_BREAKER, decideBreaker } from '../../src/breaker/circuit-breaker.js';
import type { EndpointRecord } from '../../src/store/delivery-store.js';

const NOW = Date.parse('2026-01-10T00:00:00Z');

function endpoint(patch: Partial<EndpointRecord>): EndpointRecord {
  return {
    id: 'ep',
    url: 'https://hooks.example.com/x',
    scheme: 'standard-webhooks',
    secrets: ['whsec_x'],
    status: 'active',
    pausedUntil: null,
    consecutiveFailures: 0,
    failingSince: null,
    disabledReason: null,
    ...patch,
  };
}

describe('circuit breaker', () => {
  it('does nothing below the threshold', () => {
    const ep = endpoint({ consecutiveFailures: 4, failingSince: new Date(NOW) });
    expect(decideBreaker(ep, NOW, DEFAULT_BREAKER)).toEqual({ action: 'none' });
  });

  it('pauses for 30 s at the threshold, and for as long as the outage so far later on', () => {
    const fresh = endpoint({ consecutiveFailures: 5, failingSince: new Date(NOW - 1_000) });
    expect(decideBreaker(fresh, NOW, DEFAULT_BREAKER)).toEqual({
      action: 'pause',
      until: new Date(NOW + 30_000),
    });
    const longer = endpoint({ consecutiveFailures: 9, failingSince: new Date(NOW - 120_000) });
    expect(decideBreaker(longer, NOW, DEFAULT_BREAKER)).toEqual({
      action: 'pause',
      until: new Date(NOW + 120_000),
    });
    const capped = endpoint({ consecutiveFailures: 40, failingSince: new Date(NOW - 86_400_000) });
    expect(decideBreaker(capped, NOW, DEFAULT_BREAKER)).toEqual({
      action: 'pause',
      until: new Date(NOW + 900_000),
    });
  });

  it('does not pause again while already paused', () => {
    const ep = endpoint({
      consecutiveFailures: 7,
      failingSince: new Date(NOW - 1_000),
      pausedUntil: new Date(NOW + 1),
    });
    expect(decideBreaker(ep, NOW, DEFAULT_BREAKER)).toEqual({ action: 'none' });
  });

  it('disables after 5 days of failures, and leaves disabled endpoints alone', () => {
    const since = new Date(NOW - 5 * 86_400_000);
    const ep = endpoint({ consecutiveFailures: 2, failingSince: since });
    expect(decideBreaker(ep, NOW, DEFAULT_BREAKER)).toEqual({
      action: 'disable',
      reason: 'failing since 2026-01-05T00:00:00.000Z (2 attempts)',
    });
    expect(decideBreaker({ ...ep, status: 'disabled' }, NOW, DEFAULT_BREAKER)).toEqual({
      action: 'none',
    });
  });
});
