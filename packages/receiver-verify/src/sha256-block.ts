/**
 * The SHA-256 compression function (FIPS 180-4, section 6.2.2) on one 64-byte block, for the
 * outer half of HMAC: `H(K^opad || inner digest)` is one block after the key's, so with the
 * state after `K^opad` computed once per key it costs one compression here instead of a
 * native one-shot hash call, whose fixed cost is several times larger for 96 bytes.
 */

// biome-ignore format: the 64 round constants, eight per line
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The initial hash value H(0). */
export const SHA256_IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Int32Array(64);
const WORK = new Int32Array(8);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** Compresses the 16 big-endian words in `W[0..15]` into `state`, in place. */
function compressW(state: Int32Array): void {
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let t = 0; t < 64; t++) {
    // The message schedule, extended as the rounds need it.
    let w = W[t]!;
    if (t >= 16) {
      const w15 = W[t - 15]!;
      const w2 = W[t - 2]!;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      w = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
      W[t] = w;
    }
    const t1 =
      (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** The state after compressing one full 64-byte `block` from the initial value. */
export function stateAfterBlock(block: Uint8Array): Int32Array {
  for (let t = 0; t < 16; t++) W[t] = readWord(block, t * 4);
  const state = SHA256_IV.slice();
  compressW(state);
  return state;
}

/**
 * SHA-256 of a 64-byte prefix (given as its `state`) followed by a 32-byte `digest`: the final
 * block is the digest, the `0x80` marker and the bit length 768. Written into `out`.
 */
export function finishAfterBlock(state: Int32Array, digest: Uint8Array, out: Uint8Array): void {
  for (let t = 0; t < 8; t++) W[t] = readWord(digest, t * 4);
  W[8] = 0x80000000 | 0;
  W.fill(0, 9, 15);
  W[15] = (64 + 32) * 8;
  WORK.set(state);
  compressW(WORK);
  for (let t = 0; t < 8; t++) {
    const word = WORK[t]!;
    out[t * 4] = word >>> 24;
    out[t * 4 + 1] = word >>> 16;
    out[t * 4 + 2] = word >>> 8;
    out[t * 4 + 3] = word;
  }
}

function readWord(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
}
