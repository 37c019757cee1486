import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { waitForStopSignal } from '../../src/startup/stop-signal.js';

function setUp() {
  const source = new EventEmitter();
  let time = 0;
  const forced: string[] = [];
  const stop = waitForStopSignal({
    source,
    now: () => time,
    force: (signal) => forced.push(signal),
  });
  return { source, stop, forced, advance: (ms: number) => (time += ms) };
}

describe('stop signals', () => {
  it('SIGTERM, SIGINT or SIGHUP asks for an orderly stop', async () => {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
      const { source, stop, forced } = setUp();
      source.emit(signal);
      await expect(stop).resolves.toBe(signal);
      expect(forced).toEqual([]);
    }
  });

  it("one Ctrl-C that arrives twice (the terminal's copy and npm's) is one orderly stop", async () => {
    const { source, stop, forced, advance } = setUp();
    source.emit('SIGINT');
    advance(5);
    source.emit('SIGINT');
    await expect(stop).resolves.toBe('SIGINT');
    expect(forced).toEqual([]);
  });

  it('Ctrl-C pressed again later stops at once', async () => {
    const { source, stop, forced, advance } = setUp();
    source.emit('SIGINT');
    advance(2000);
    source.emit('SIGINT');
    await stop;
    expect(forced).toEqual(['SIGINT']);
  });
});
