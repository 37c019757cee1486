import { describe, expect, it } from 'vitest';
import { createIdGenerator, pooledRandomBytes } from '../../src/ids/time-ordered-id.js';

const fixedBytes = (value: number) => (bytes: Uint8Array) => bytes.fill(value);

describe('time-ordered ids', () => {
  it('encode the millisecond first, in Crockford base32', () => {
    const nextId = createIdGenerator(() => Date.UTC(2026, 0, 1), fixedBytes(0));
    expect(nextId('msg')).toBe(`msg_01KDVDNA00${'0'.repeat(16)}`);
    expect(nextId('dlv')).toMatch(/^dlv_01KDVDNA00/);
  });

  it('sort in creation order, also within one millisecond and when the clock steps back', () => {
    let time = 1_000;
    const nextId = createIdGenerator(() => time, fixedBytes(31));
    const ids = [nextId('msg'), nextId('msg')];
    time = 900;
    ids.push(nextId('msg'));
    time = 2_000;
    ids.push(nextId('msg'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
    // All 16 random characters were Z: counting up wrapped, so the next millisecond was used.
    expect(ids[1]).toBe(`msg_00000000Z9${'0'.repeat(16)}`);
  });

  it('differ between generators in the same millisecond', () => {
    const a = createIdGenerator(() => 5)('msg');
    const b = createIdGenerator(() => 5)('msg');
    expect(a).not.toBe(b);
  });

  it('never reuse random bytes, across many refills of the pool they are drawn from', () => {
    let time = 0;
    // A new millisecond for every id: each one draws fresh random bytes.
    const nextId = createIdGenerator(() => time++);
    const randomParts = Array.from({ length: 5_000 }, () => nextId('msg').slice(14));
    expect(new Set(randomParts).size).toBe(randomParts.length);
  });

  it('hand out each pooled random byte once, refilling when the pool runs short', () => {
    const draw = pooledRandomBytes(40);
    const seen = Array.from({ length: 30 }, () =>
      Buffer.from(draw(new Uint8Array(16))).toString('hex'),
    );
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('fill a draw larger than the pool entirely, from the system', () => {
    const draw = pooledRandomBytes(8);
    const bytes = draw(new Uint8Array(64));
    // 32 zero bytes in a row from a random source: one chance in 2^256.
    expect(bytes.subarray(32).some((byte) => byte !== 0)).toBe(true);
  });
});
