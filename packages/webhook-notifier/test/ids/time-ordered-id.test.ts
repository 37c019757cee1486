import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../../src/ids/time-ordered-id.js';

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
});
