import { describe, expect, it } from 'vitest';
import { callbackData, clipText, fillWithin } from '../../src/bot/message-limits.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cutting text to Telegram’s limits', () => {
  it('keeps a text that fits as it is, and marks a cut one with …', () => {
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('a'.repeat(20), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('never cuts an emoji in half (Telegram refuses invalid UTF-8)', () => {
    for (let max = 1; max < 12; max++) {
      const cut = clipText('😀'.repeat(10), max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(LONE_SURROGATE);
    }
    expect(clipText('👨‍👩‍👧'.repeat(3), 10)).toBe('👨‍👩‍👧…');
  });

  it('cuts the longest parameters first, to the same length, and fits the limit exactly', () => {
    const text = fillWithin('{a}|{b}|{c}', { a: 'x'.repeat(50), b: 'y'.repeat(5), c: 7 }, 30);
    expect(text.length).toBeLessThanOrEqual(30);
    expect(text).toMatch(/^x+…\|yyyyy\|7$/);
  });

  it('keeps a link whole while cutting the other parameters is enough', () => {
    const video = `https://cdn.example.com/${'v'.repeat(2000)}.mp4`;
    const text = fillWithin(
      '{title}\n{video}\n{copy}',
      {
        title: 't'.repeat(300),
        video,
        copy: 'c'.repeat(4000),
      },
      4096,
      ['video'],
    );
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain(video);
  });

  it('cuts even a kept parameter when nothing else is left to cut', () => {
    const text = fillWithin('{video}', { video: 'v'.repeat(5000) }, 4096, ['video']);
    expect(text.length).toBe(4096);
  });

  it('refuses to build callback data over 64 bytes', () => {
    expect(callbackData('tasks', 'abcdefghij', 999999)).toBe('tasks:abcdefghij:999999');
    expect(() => callbackData('cat', '分'.repeat(21))).toThrow(RangeError);
  });
});
