import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../src/base64.js';
import { decodeHex, encodeHex } from '../src/hex.js';

describe('base64', () => {
  it('round-trips every length from 0 to 70 bytes', () => {
    for (let length = 0; length <= 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
      expect(decodeBase64(text.replace(/=+$/, ''))).toEqual(bytes);
    }
  });

  it('accepts only the canonical spelling', () => {
    expect(decodeBase64('YQ==')).toEqual(new Uint8Array([0x61]));
    for (const text of ['YR==', 'YQ=', 'YQ===', 'Y Q==', 'YQ==\n', 'Y', '-_8=', 'YQ==YQ==', '€']) {
      expect(decodeBase64(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

describe('hex', () => {
  it('round-trips lower-case hex and refuses anything else', () => {
    const bytes = new Uint8Array([0, 1, 0x7f, 0x80, 0xff]);
    expect(encodeHex(bytes)).toBe('00017f80ff');
    expect(decodeHex('00017f80ff')).toEqual(bytes);
    expect(decodeHex('')).toEqual(new Uint8Array());
    for (const text of ['00017F80FF', '0', '0g', ' 00']) expect(decodeHex(text)).toBeUndefined();
  });
});
