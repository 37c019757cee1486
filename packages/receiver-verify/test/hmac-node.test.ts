import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hmacSha256 } from '../src/hmac-node.js';

const reference = (key: Uint8Array, prefix: string, body: string | Uint8Array) =>
  createHmac('sha256', key).update(prefix).update(body).digest();

const bytes = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 7 + (i >> 8)) & 0xff);

// Key lengths around the SHA-256 block (64 bytes; longer keys are hashed first); bodies
// around the 64 KiB fast-path limit, as strings (with multi-byte characters) and as bytes.
const keys = [1, 24, 32, 63, 64, 65, 200].map((length) => bytes(length, length));
const bodies: (string | Uint8Array)[] = [
  '',
  '{"event":"task.completed"}',
  `{"title":"《霸道总裁爱上我》","note":"${'🎬'.repeat(100)}"}`,
  'lone \ud800 surrogate', // written as U+FFFD by both paths
  '霸'.repeat(21_800), // 65,400 bytes of UTF-8: past the limit
  bytes(0, 1),
  bytes(1024, 2),
  bytes(65_400, 3), // fits with the prefix and the padded key
  bytes(70_000, 4), // does not
];

describe('hmacSha256 on node:crypto', () => {
  it('equals createHmac for every key size and body kind, on either side of the size limit', () => {
    for (const key of keys) {
      for (const body of bodies) {
        for (const prefix of ['', 'msg_2b7x.1700000000.', 'ид.1.']) {
          const label = `key ${key.length} B, body ${body.length}, prefix ${prefix}`;
          for (const encoding of ['base64', 'hex', 'latin1'] as const) {
            expect(hmacSha256(key, prefix, body, encoding), `${label}, ${encoding}`).toBe(
              reference(key, prefix, body).toString(encoding),
            );
          }
        }
      }
    }
  });

  it('gives distinct keys distinct results, switching back and forth', () => {
    const first = hmacSha256(keys[1]!, 'a.', 'b', 'hex');
    expect(first).toBe(reference(keys[1]!, 'a.', 'b').toString('hex'));
    expect(hmacSha256(keys[2]!, 'a.', 'b', 'hex')).toBe(
      reference(keys[2]!, 'a.', 'b').toString('hex'),
    );
    // The scratch buffer keeps the last key's pad: switching back must not reuse the other's.
    expect(hmacSha256(keys[1]!, 'a.', 'b', 'hex')).toBe(first);
  });
});

describe('runtimes without a usable crypto.hash', () => {
  afterEach(() => {
    vi.doUnmock('node:crypto');
    vi.resetModules();
  });

  async function loadWith(hash: unknown) {
    vi.resetModules();
    vi.doMock('node:crypto', async (importOriginal) => ({
      ...(await importOriginal<typeof import('node:crypto')>()),
      hash,
    }));
    return (await import('../src/hmac-node.js')).hmacSha256;
  }

  it('falls back to createHmac when crypto.hash is missing (Node < 20.12)', async () => {
    const hmac = await loadWith(undefined);
    const result = hmac(keys[2]!, 'id.1.', bodies[2]!, 'base64');
    expect(result).toBe(reference(keys[2]!, 'id.1.', bodies[2]!).toString('base64'));
  });

  it('falls back to createHmac when crypto.hash fails its self-test or throws', async () => {
    for (const broken of [
      () => Buffer.alloc(32),
      () => 'not a digest',
      () => '\0'.repeat(32),
      () => {
        throw new Error('no');
      },
    ]) {
      const hmac = await loadWith(broken);
      const result = hmac(keys[2]!, 'id.1.', bodies[1]!, 'hex');
      expect(result).toBe(reference(keys[2]!, 'id.1.', bodies[1]!).toString('hex'));
    }
  });
});
