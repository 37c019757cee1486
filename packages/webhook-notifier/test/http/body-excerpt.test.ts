import { describe, expect, it } from 'vitest';
import { BodyExcerptBuffer } from '../../src/http/body-excerpt.js';

/** Feeds chunks until the buffer asks to stop; returns the excerpt and the chunks never fed. */
function feed(maxBytes: number, ...chunks: string[]) {
  const excerpt = new BodyExcerptBuffer(maxBytes);
  const rest = [...chunks];
  while (rest.length > 0) {
    if (!excerpt.add(Buffer.from(rest.shift()!))) break;
  }
  return { ...excerpt.result(), unread: rest };
}

describe('BodyExcerptBuffer', () => {
  it('keeps a short body whole', () => {
    const result = feed(10, 'hel', 'lo');
    expect(Buffer.from(result.bytes).toString()).toBe('hello');
    expect(result.truncated).toBe(false);
  });

  it('cuts a long body inside a chunk and stops reading', () => {
    const result = feed(5, 'abc', 'defgh', 'never read');
    expect(Buffer.from(result.bytes).toString()).toBe('abcde');
    expect(result.truncated).toBe(true);
    expect(result.unread).toEqual(['never read']);
  });

  it('cuts at a chunk boundary', () => {
    const result = feed(3, 'abc', 'def');
    expect(Buffer.from(result.bytes).toString()).toBe('abc');
    expect(result.truncated).toBe(true);
  });

  it('keeps nothing with a zero limit but still says a body was there', () => {
    expect(feed(0, 'x')).toMatchObject({ truncated: true });
    const empty = feed(0);
    expect(empty.bytes).toHaveLength(0);
    expect(empty.truncated).toBe(false);
  });
});
