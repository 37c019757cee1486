const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

/** Makes the id of a new record; `prefix` says which kind. */
export type IdGenerator = (prefix: 'msg' | 'dlv') => string;

/**
 * Ids like `msg_01JGZ3Q4M8X9R2T5V7W0Y1Z3A4`: the prefix, then 26 Crockford base32 characters
 * (ULID layout: 48 bits of milliseconds, 80 random bits). They sort by creation time, which
 * keeps database indexes dense and makes `after` pagination follow creation order. Within
 * one millisecond (or if the clock steps back) the random part counts up, so ids made by one
 * generator always sort in the order they were made.
 *
 * @example
 * const nextId = createIdGenerator(() => Date.now());
 * nextId('msg'); // 'msg_01JGZ3Q4M8...'
 */
export function createIdGenerator(
  now: () => number,
  randomBytes: (bytes: Uint8Array) => Uint8Array = pooledRandomBytes(),
): IdGenerator {
  const digits = new Uint8Array(RANDOM_CHARS);
  let lastTime = -1;
  return (prefix) => {
    const time = Math.max(0, Math.floor(now()));
    if (time > lastTime) {
      lastTime = time;
      randomBytes(digits);
      for (let i = 0; i < RANDOM_CHARS; i++) digits[i] = digits[i]! & 31;
    } else if (!increment(digits)) {
      // 80 bits exhausted within one millisecond: borrow the next one.
      lastTime++;
    }
    // A loop, not map/join: batches draw two ids per message.
    let random = '';
    for (const digit of digits) random += ALPHABET[digit];
    return `${prefix}_${encodeTime(lastTime)}${random}`;
  };
}

/**
 * Cryptographically random bytes, drawn from the system 4 KiB at a time and never handed out
 * twice: one `getRandomValues` call per 256 draws of 16 bytes (a generator draws once per
 * millisecond in which it makes ids) instead of one per draw. `poolBytes` is at most 65,536,
 * what one `getRandomValues` call may fill; a draw larger than the pool goes to the system.
 */
export function pooledRandomBytes(poolBytes = 4_096): (bytes: Uint8Array) => Uint8Array {
  const pool = new Uint8Array(poolBytes);
  let offset = pool.length;
  return (bytes) => {
    if (bytes.length > pool.length) return crypto.getRandomValues(bytes);
    if (offset + bytes.length > pool.length) {
      crypto.getRandomValues(pool);
      offset = 0;
    }
    bytes.set(pool.subarray(offset, offset + bytes.length));
    offset += bytes.length;
    return bytes;
  };
}

function encodeTime(ms: number): string {
  let rest = ms;
  let text = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    text = ALPHABET[rest % 32]! + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

/** Adds one to the random part; `false` when it wrapped around to zero. */
function increment(digits: Uint8Array): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]!++;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}
