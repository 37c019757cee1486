import * as nodeCrypto from 'node:crypto';
import { finishAfterBlock, stateAfterBlock } from './sha256-block.js';

/**
 * HMAC-SHA256 of `prefix` (UTF-8) followed by `body`, on `node:crypto`, written into `out`
 * (a new buffer when not given).
 *
 * HMAC is `H(K^opad || H(K^ipad || message))` (RFC 2104). Messages up to 64 KiB take a
 * faster path than `createHmac`, whose per-call set-up costs more than hashing 1 KiB: the
 * inner hash is one native `crypto.hash` call over a reused buffer holding `K^ipad` and the
 * message, and the outer hash is a single SHA-256 block compressed from the state after
 * `K^opad`, which is computed once per key. Runtimes without `crypto.hash` (Node < 20.12), or
 * where the fast path disagrees with `createHmac` on a self-test at load, use `createHmac`.
 */
export function hmacSha256(
  key: Uint8Array,
  prefix: string,
  body: string | Uint8Array,
  out: Buffer = Buffer.allocUnsafe(DIGEST),
): Buffer {
  const size = BLOCK + (prefix.length + (typeof body === 'string' ? body.length : 0)) * 3;
  if (oneShot !== undefined && size + (typeof body === 'string' ? 0 : body.length) <= SCRATCH) {
    return viaHash(oneShot, key, prefix, body, out);
  }
  viaHmac(key, prefix, body).copy(out);
  return out;
}

type Hash = (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer;

const BLOCK = 64; // SHA-256 block size
const DIGEST = 32;
/** Messages up to this size (UTF-8 worst case, with the padded key) take the fast path. */
const SCRATCH = 64 * 1024;

interface PaddedKey {
  /** `K ^ ipad`: the message is hashed after it. */
  inner: Buffer;
  /** The SHA-256 state after the block `K ^ opad`. */
  outer: Int32Array;
}

const paddedKeys = new WeakMap<Uint8Array, PaddedKey>();
let scratch: Buffer | undefined;
/** Whose `K ^ ipad` the scratch buffer starts with (the same key, request after request). */
let scratchKey: PaddedKey | undefined;

function viaHmac(key: Uint8Array, prefix: string, body: string | Uint8Array): Buffer {
  // Two updates: the body is never copied to prepend the prefix.
  return nodeCrypto.createHmac('sha256', key).update(prefix).update(body).digest();
}

function viaHash(
  hash: Hash,
  key: Uint8Array,
  prefix: string,
  body: string | Uint8Array,
  out: Buffer,
): Buffer {
  const pads = padded(key);
  scratch ??= Buffer.allocUnsafe(SCRATCH);
  if (scratchKey !== pads) {
    pads.inner.copy(scratch, 0);
    scratchKey = pads;
  }
  let end = BLOCK + scratch.write(prefix, BLOCK, 'utf8');
  if (typeof body === 'string') end += scratch.write(body, end, 'utf8');
  else {
    scratch.set(body, end);
    end += body.length;
  }
  finishAfterBlock(pads.outer, hash('sha256', scratch.subarray(0, end), 'buffer'), out);
  return out;
}

function padded(key: Uint8Array): PaddedKey {
  let pads = paddedKeys.get(key);
  if (pads === undefined) {
    // Keys longer than a block are hashed first (RFC 2104, section 2).
    const block = key.length > BLOCK ? nodeCrypto.createHash('sha256').update(key).digest() : key;
    const inner = Buffer.alloc(BLOCK, 0x36);
    const opad = Buffer.alloc(BLOCK, 0x5c);
    for (let i = 0; i < block.length; i++) {
      inner[i]! ^= block[i]!;
      opad[i]! ^= block[i]!;
    }
    pads = { inner, outer: stateAfterBlock(opad) };
    paddedKeys.set(key, pads);
  }
  return pads;
}

/** `crypto.hash` when present and in agreement with `createHmac`, else `undefined`. */
function detectOneShot(): Hash | undefined {
  const hash = (nodeCrypto as { hash?: unknown }).hash;
  if (typeof hash !== 'function') return undefined;
  try {
    const key = Buffer.from('self-test key, longer than the sixty-four bytes of one SHA-256 block');
    for (const probe of [key, key.subarray(0, 8)]) {
      const fast = viaHash(hash as Hash, probe, 'id.1.', '{"é":1}', Buffer.alloc(DIGEST));
      if (!fast.equals(viaHmac(probe, 'id.1.', '{"é":1}'))) return undefined;
    }
    return hash as Hash;
  } catch {
    return undefined;
  }
}

const oneShot = detectOneShot();
