import { describe, expect, it } from 'vitest';
import { serializePayload } from '../../src/payload/serialize-payload.js';

describe('serialising a payload', () => {
  it('encodes JSON once as UTF-8, keeping Chinese text and emoji as they are', () => {
    const bytes = serializePayload({ title: '《霸道总裁爱上我》🎬' }, 1_000);
    expect(new TextDecoder().decode(bytes)).toBe('{"title":"《霸道总裁爱上我》🎬"}');
    expect(bytes.byteLength).toBe(43);
  });

  it('copies a Uint8Array payload, so later changes by the caller do not leak in', () => {
    const input = new Uint8Array([123, 125]);
    const bytes = serializePayload(input, 10);
    input[0] = 0;
    expect([...bytes]).toEqual([123, 125]);
  });

  it('counts the limit in bytes, not characters', () => {
    expect(() => serializePayload('霸'.repeat(4), 13)).toThrow(
      expect.objectContaining({ reason: 'payload_too_large', size: 14, limit: 13 }),
    );
    expect(serializePayload('霸'.repeat(4), 14).byteLength).toBe(14);
  });

  it('refuses what JSON cannot express, keeping the cause', () => {
    const error = (() => {
      try {
        serializePayload({ n: 1n }, 100);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toMatchObject({ reason: 'invalid_payload' });
    expect(error?.cause).toBeInstanceOf(TypeError);
    expect(() => serializePayload(Symbol('x'), 100)).toThrow(/has no JSON form/);
  });
});
