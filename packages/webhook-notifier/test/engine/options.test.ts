import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { createNotifier } from '../../src/engine/create-notifier.js';
import { resolveOptions } from '../../src/engine/options.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { VERSION } from '../../src/version.js';

const store = new MemoryStore();
const MISUSE = /^@dramarelay\/webhook-notifier: /;

describe('options', () => {
  it('fills in the documented defaults', () => {
    const config = resolveOptions({ store });
    expect(config.limits).toEqual({
      maxPayloadBytes: 262_144,
      timeoutMs: 15_000,
      globalConcurrency: 64,
      perEndpointConcurrency: 16,
      batchSize: 100,
      leaseMs: 60_000,
      pollIntervalMs: 1_000,
    });
    expect(config.breaker).toEqual({
      failureThreshold: 5,
      cooldownMs: 30_000,
      maxCooldownMs: 900_000,
      disableAfterMs: 432_000_000,
    });
    expect(config.classify).toEqual({
      retry4xx: true,
      minRetryAfterMs: 1_000,
      maxRetryAfterMs: 3_600_000,
    });
    expect(config.retry.schedule).toHaveLength(7);
    expect(config.userAgent).toBe(`dramarelay-webhook-notifier/${packageJson.version}`);
    expect(VERSION).toBe(packageJson.version);
    expect(config.workerId).toMatch(/^.+:\d+:[a-z0-9]+$/);
    expect(config.ssrf).toEqual({});
    expect(Math.abs(config.clock.now() - Date.now())).toBeLessThan(60_000);
    expect(config.nextId('msg')).toMatch(/^msg_/);
  });

  it.each([
    ['no options', undefined],
    ['no store', {}],
    [
      'a store without settle',
      { store: { ...store, enqueue() {}, claimDue() {}, release() {}, redeliver() {} } },
    ],
    ['a clock without now', { store, clock: {} }],
    ['a zero timeout', { store, limits: { timeoutMs: 0 } }],
    ['a fractional batch size', { store, limits: { batchSize: 1.5 } }],
    ['a lease shorter than the timeout', { store, limits: { leaseMs: 10_000 } }],
    [
      'a poll interval as long as the lease',
      { store, limits: { timeoutMs: 1_000, leaseMs: 5_000, pollIntervalMs: 5_000 } },
    ],
    ['a negative breaker threshold', { store, breaker: { failureThreshold: -1 } }],
    [
      'Retry-After bounds the wrong way round',
      { store, classify: { minRetryAfterMs: 5, maxRetryAfterMs: 1 } },
    ],
    [
      'an infinite Retry-After bound',
      { store, classify: { maxRetryAfterMs: Number.POSITIVE_INFINITY } },
    ],
    ['random that is not a function', { store, random: 0.5 }],
    ['an empty user agent', { store, userAgent: ' ' }],
    ['a multi-line worker id', { store, workerId: 'a\nb' }],
    ['a bad retry policy', { store, retry: { schedule: [-5], jitter: 'none' } }],
  ])('rejects %s with a TypeError naming the package', (_name, options) => {
    expect(() => createNotifier(options as never)).toThrow(TypeError);
    expect(() => createNotifier(options as never)).toThrow(MISUSE);
  });

  it('accepts Infinity to turn parts of the breaker off', () => {
    const config = resolveOptions({
      store,
      breaker: { failureThreshold: Number.POSITIVE_INFINITY },
    });
    expect(config.breaker.failureThreshold).toBe(Number.POSITIVE_INFINITY);
  });
});
