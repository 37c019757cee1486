/** A clock that moves only when a test moves it. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  set(time: Date | number): void;
}

export function createFakeClock(start: Date | number = Date.UTC(2026, 0, 1)): FakeClock {
  let current = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(time) {
      current = typeof time === 'number' ? time : time.getTime();
    },
  };
}
