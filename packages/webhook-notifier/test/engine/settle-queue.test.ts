import { describe, expect, it, vi } from 'vitest';
import { createSettleQueue } from '../../src/engine/settle-queue.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('settling in batches', () => {
  it('persists the first outcome at once and batches what arrives meanwhile', async () => {
    const batches: number[][] = [];
    const gates = [deferred(), deferred()];
    const queue = createSettleQueue<number>({
      maxBatch: 3,
      persist: async (batch) => {
        batches.push(batch);
        await gates[batches.length - 1]?.promise;
      },
      onError: () => {},
    });
    queue.add(1);
    for (let n = 2; n <= 6; n++) queue.add(n);
    expect(batches).toEqual([[1]]);
    gates[0]!.resolve();
    gates[1]!.resolve();
    await queue.flush();
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    expect(queue.size).toBe(0);
  });

  it('keeps outcomes after a failure and tries again on its own, sooner than a poll tick', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const errors: unknown[] = [];
    let fail = true;
    const persisted: number[] = [];
    const queue = createSettleQueue<number>({
      maxBatch: 10,
      persist: async (batch) => {
        if (fail) throw new Error('db down');
        persisted.push(...batch);
      },
      onError: (error) => errors.push(error),
    });
    queue.add(1);
    queue.add(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveLength(1);
    expect(queue.size).toBe(2);
    fail = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(persisted).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
    vi.useRealTimers();
  });

  it('reports one failure once, not once per outcome that arrived meanwhile', async () => {
    const errors: unknown[] = [];
    const gate = deferred();
    const queue = createSettleQueue<number>({
      maxBatch: 10,
      persist: () => gate.promise,
      onError: (error) => errors.push(error),
    });
    for (let n = 0; n < 50; n++) queue.add(n);
    gate.reject(new Error('db down'));
    await expect(queue.flush()).rejects.toThrow('db down');
    expect(errors).toHaveLength(1);
    queue.close();
  });

  it('retries after a failed flush() too, and stops retrying once closed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let calls = 0;
    const queue = createSettleQueue<number>({
      maxBatch: 10,
      persist: async () => {
        calls++;
        throw new Error('db down');
      },
      onError: () => {},
      retryDelaysMs: [10],
    });
    queue.add(1);
    await vi.advanceTimersByTimeAsync(0);
    await expect(queue.flush()).rejects.toThrow('db down');
    await vi.advanceTimersByTimeAsync(30);
    const before = calls;
    expect(before).toBe(5);
    queue.close();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(before);
    vi.useRealTimers();
  });

  it('drops outcomes once closed', async () => {
    const persisted: number[] = [];
    const queue = createSettleQueue<number>({
      maxBatch: 10,
      persist: async (batch) => {
        persisted.push(...batch);
      },
      onError: () => {},
    });
    queue.close();
    queue.add(1);
    await queue.flush();
    expect(persisted).toEqual([]);
  });
});
