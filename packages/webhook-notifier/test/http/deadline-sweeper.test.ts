import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeadlineSweeper } from '../../src/http/deadline-sweeper.js';

describe('createDeadlineSweeper', () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 0;
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function advance(ms: number) {
    clock += ms;
    vi.advanceTimersByTime(ms);
  }

  it('expires a deadline at the first sweep after it passed, once', () => {
    const sweeper = createDeadlineSweeper({ intervalMs: 50, now });
    const expired = vi.fn();
    const deadline = sweeper.track(120, expired);
    advance(100);
    expect(expired).not.toHaveBeenCalled();
    expect(deadline.expired).toBe(false);
    advance(50);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(deadline.expired).toBe(true);
    advance(500);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(sweeper.size).toBe(0);
  });

  it('never expires a cleared deadline', () => {
    const sweeper = createDeadlineSweeper({ intervalMs: 50, now });
    const expired = vi.fn();
    const deadline = sweeper.track(100, expired);
    sweeper.clear(deadline);
    sweeper.clear(deadline);
    advance(1000);
    expect(expired).not.toHaveBeenCalled();
    expect(sweeper.size).toBe(0);
  });

  it('expires deadlines of different timeouts each in its own time', () => {
    const sweeper = createDeadlineSweeper({ intervalMs: 10, now });
    const order: string[] = [];
    sweeper.track(300, () => order.push('slow'));
    advance(5);
    sweeper.track(100, () => order.push('fast-1'));
    sweeper.track(100, () => order.push('fast-2'));
    advance(150);
    expect(order).toEqual(['fast-1', 'fast-2']);
    expect(sweeper.size).toBe(1);
    advance(200);
    expect(order).toEqual(['fast-1', 'fast-2', 'slow']);
  });

  it('does not expire a passed deadline that an earlier expiry in the same sweep cleared', () => {
    const sweeper = createDeadlineSweeper({ intervalMs: 50, now });
    const second = vi.fn();
    let later: ReturnType<typeof sweeper.track> | undefined;
    sweeper.track(100, () => sweeper.clear(later!));
    later = sweeper.track(100, second);
    advance(150);
    expect(second).not.toHaveBeenCalled();
    expect(later.expired).toBe(false);
    expect(sweeper.size).toBe(0);
  });

  it('holds one timer however many deadlines, and none when idle', () => {
    const sweeper = createDeadlineSweeper({ intervalMs: 50, now });
    expect(vi.getTimerCount()).toBe(0);
    for (let i = 0; i < 1000; i++) sweeper.track(100, () => {});
    expect(vi.getTimerCount()).toBe(1);
    advance(150);
    expect(sweeper.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    sweeper.track(100, () => {});
    expect(vi.getTimerCount()).toBe(1);
    sweeper.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(sweeper.size).toBe(0);
  });

  it('uses the monotonic clock and a 50 ms sweep by default', () => {
    const sweeper = createDeadlineSweeper();
    const expired = vi.fn();
    sweeper.track(1, expired);
    vi.advanceTimersByTime(50);
    expect(expired).toHaveBeenCalledTimes(1);
  });
});
