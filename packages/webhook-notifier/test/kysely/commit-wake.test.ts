import { describe, expect, it } from 'vitest';
import { type CommitWakeQueries, createCommitWake } from '../../src/kysely/commit-wake.js';

/** Queries whose notify and probe resolve when the test says, and timers that only count. */
function harness(visibleAfterProbes = new Map<string, number>()) {
  const calls = { notify: 0, probes: [] as string[][] };
  let releaseNotify: (() => void) | undefined;
  let clock = 0;
  const queries: CommitWakeQueries & { failNext?: boolean } = {
    notify() {
      calls.notify++;
      return new Promise<void>((resolve) => {
        releaseNotify = resolve;
      });
    },
    async visible(ids) {
      calls.probes.push([...ids]);
      if (queries.failNext) {
        queries.failNext = false;
        throw new Error('connection reset');
      }
      return ids.filter((id) => {
        const left = visibleAfterProbes.get(id);
        if (left === undefined) return false;
        visibleAfterProbes.set(id, left - 1);
        return left <= 1;
      });
    },
  };
  const timers = {
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    queries,
    timers,
    calls,
    settle,
    finishNotify: async () => {
      releaseNotify?.();
      await settle();
    },
    elapsed: () => clock,
  };
}

describe('waking workers after the commit', () => {
  it('sends one notification for a burst of commits, and one more 10 ms later for those after it began', async () => {
    const h = harness();
    const wake = createCommitWake(h.queries, 'chan', 'after-commit', h.timers);
    for (let i = 0; i < 32; i++) wake.committed();
    expect(h.calls.notify).toBe(1);
    await h.finishNotify();
    expect(h.calls.notify).toBe(2);
    expect(h.elapsed()).toBe(10);
    await h.finishNotify();
    expect(h.calls.notify).toBe(2);

    // After a quiet spell, at once.
    wake.committed();
    expect(h.calls.notify).toBe(3);
    expect(h.elapsed()).toBe(10);
    await h.finishNotify();
  });

  it('wakes for a write in a transaction once the row is visible, probing sooner while rows come', async () => {
    const h = harness(new Map([['dlv_1', 3]]));
    const wake = createCommitWake(h.queries, 'chan', 'after-commit', h.timers);
    wake.afterCommitOf('dlv_1');
    while (h.calls.probes.length < 3) await h.settle();
    expect(h.calls.notify).toBe(1);
    await h.finishNotify();
    await h.settle();
    expect(h.calls.probes).toEqual([['dlv_1'], ['dlv_1'], ['dlv_1']]);
    // 2 ms, then 4 and 8 while nothing showed up.
    expect(h.elapsed()).toBe(14);
  });

  it('never wakes anyone for a write whose transaction rolled back, and stops watching it after 10 s', async () => {
    const h = harness();
    const wake = createCommitWake(h.queries, 'chan', 'after-commit', h.timers);
    wake.afterCommitOf('dlv_rolled_back');
    let probes = -1;
    while (h.calls.probes.length !== probes) {
      probes = h.calls.probes.length;
      for (let i = 0; i < 50; i++) await h.settle();
    }
    expect(h.calls.notify).toBe(0);
    expect(h.elapsed()).toBeGreaterThan(10_000);
    expect(h.elapsed()).toBeLessThan(10_100);
    // Probes back off to one every 50 ms: about 200 in 10 s, not thousands.
    expect(h.calls.probes.length).toBeLessThan(220);
  });

  it('probes all watched rows in one query and wakes once for those committed together', async () => {
    const h = harness(
      new Map([
        ['dlv_1', 1],
        ['dlv_2', 1],
      ]),
    );
    const wake = createCommitWake(h.queries, 'chan', 'after-commit', h.timers);
    wake.afterCommitOf('dlv_1');
    wake.afterCommitOf('dlv_2');
    while (h.calls.probes.length < 1 || h.calls.notify < 1) await h.settle();
    expect(h.calls.probes[0]).toEqual(['dlv_1', 'dlv_2']);
    expect(h.calls.notify).toBe(1);
    await h.finishNotify();
  });

  it('drops a failed probe or notification and still wakes for the next commit', async () => {
    const h = harness(new Map([['dlv_1', 1]]));
    h.queries.failNext = true;
    h.queries.notify = () => Promise.reject(new Error('connection reset'));
    const wake = createCommitWake(h.queries, 'chan', 'after-commit', h.timers);
    wake.afterCommitOf('dlv_1');
    while (h.calls.probes.length < 2) await h.settle();
    await h.settle();
    let notified = 0;
    h.queries.notify = async () => {
      notified++;
    };
    wake.committed();
    await h.settle();
    expect(notified).toBe(1);
  });

  it("puts the notification in the writing statement in mode 'at-commit', and nowhere with false", () => {
    const h = harness();
    const atCommit = createCommitWake(h.queries, 'chan', 'at-commit', h.timers);
    const none = createCommitWake(h.queries, 'chan', false, h.timers);
    expect(atCommit.inStatementChannel).toBe('chan');
    expect(none.inStatementChannel).toBeNull();
    for (const wake of [atCommit, none]) {
      wake.committed();
      wake.afterCommitOf('dlv_1');
    }
    expect(h.calls).toEqual({ notify: 0, probes: [] });
  });
});
