import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBodyExcerpt } from '../../src/http/read-body-excerpt.js';

const body = (...chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c)));

describe('readBodyExcerpt', () => {
  it('keeps a short body whole', async () => {
    const result = await readBodyExcerpt(body('hel', 'lo'), 10);
    expect(Buffer.from(result.bytes).toString()).toBe('hello');
    expect(result.truncated).toBe(false);
  });

  it('cuts a long body inside a chunk and stops reading', async () => {
    const stream = body('abc', 'defgh', 'never read');
    const result = await readBodyExcerpt(stream, 5);
    expect(Buffer.from(result.bytes).toString()).toBe('abcde');
    expect(result.truncated).toBe(true);
    expect(stream.destroyed).toBe(true);
  });

  it('cuts at a chunk boundary', async () => {
    const result = await readBodyExcerpt(body('abc', 'def'), 3);
    expect(Buffer.from(result.bytes).toString()).toBe('abc');
    expect(result.truncated).toBe(true);
  });

  it('keeps nothing with a zero limit but still says a body was there', async () => {
    expect(await readBodyExcerpt(body('x'), 0)).toMatchObject({ truncated: true });
    const empty = await readBodyExcerpt(body(), 0);
    expect(empty.bytes).toHaveLength(0);
    expect(empty.truncated).toBe(false);
  });
});
