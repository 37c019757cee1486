import { describe, expect, it } from 'vitest';
import { retryDelay, retryPresets, validateRetryPolicy } from '../../src/retry/retry-policy.js';

const fixed = (value: number) => () => value;

describe('retry policy', () => {
  it('ships the original and the Standard Webhooks schedules', () => {
    expect(retryPresets.original).toEqual({ schedule: [5_000, 25_000, 125_000], jitter: 'none' });
    expect(retryPresets.standardWebhooks.schedule).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(Object.isFrozen(retryPresets.standardWebhooks.schedule)).toBe(true);
  });

  it('gives the step as is without jitter, and undefined after the last step', () => {
    expect(retryDelay(retryPresets.original, 0, fixed(0.5))).toBe(5_000);
    expect(retryDelay(retryPresets.original, 2, fixed(0.5))).toBe(125_000);
    expect(retryDelay(retryPresets.original, 3, fixed(0.5))).toBeUndefined();
  });

  it('spreads full jitter over [0, step] and ratio jitter around the step', () => {
    const full = { schedule: [10_000], jitter: 'full' } as const;
    expect(retryDelay(full, 0, fixed(0))).toBe(0);
    expect(retryDelay(full, 0, fixed(0.25))).toBe(2_500);
    const ratio = { schedule: [10_000], jitter: { ratio: 0.1 } } as const;
    expect(retryDelay(ratio, 0, fixed(0))).toBe(9_000);
    expect(retryDelay(ratio, 0, fixed(0.5))).toBe(10_000);
    expect(retryDelay(ratio, 0, fixed(0.999_999))).toBe(11_000);
  });

  it.each([
    ['a schedule that is not an array', { schedule: 5, jitter: 'none' }],
    ['a negative step', { schedule: [-1], jitter: 'none' }],
    ['an infinite step', { schedule: [Number.POSITIVE_INFINITY], jitter: 'none' }],
    ['an unknown jitter', { schedule: [1], jitter: 'some' }],
    ['a jitter ratio above 1', { schedule: [1], jitter: { ratio: 2 } }],
  ])('rejects %s with a TypeError naming the package', (_name, policy) => {
    expect(() => validateRetryPolicy(policy as never)).toThrow(
      /^@dramarelay\/webhook-notifier: retry\./,
    );
  });
});
