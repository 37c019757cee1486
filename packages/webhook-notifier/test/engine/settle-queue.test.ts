import { describe, expect, it } from 'vitest';
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

  it('keeps outcomes after a failure and waits for flush() to try again', async () => {
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
    await expect(queue.flush()).rejects.toThrow('db down');
    queue.add(2);
    expect(queue.size).toBe(2);
    fail = false;
    await queue.flush();
    expect(persisted).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
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
