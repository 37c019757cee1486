/** The start of a response body. */
export interface BodyExcerpt {
  bytes: Uint8Array;
  /** `true` when the body went on past `bytes`. */
  truncated: boolean;
}

/**
 * Keeps at most `maxBytes` of a body as its chunks arrive. `add` returns `false` once the
 * excerpt is full, so that the caller stops reading: a receiver answering with gigabytes
 * costs no more than one excerpt.
 *
 * @example
 * const excerpt = new BodyExcerptBuffer(4096);
 * if (!excerpt.add(chunk)) abort();
 * const { bytes, truncated } = excerpt.result();
 */
export class BodyExcerptBuffer {
  readonly #chunks: Uint8Array[] = [];
  #size = 0;
  #truncated = false;

  constructor(readonly maxBytes: number) {}

  /** Keeps what fits of `chunk`; `false` when the body is longer than the excerpt. */
  add(chunk: Uint8Array): boolean {
    const room = this.maxBytes - this.#size;
    if (chunk.byteLength > room) {
      if (room > 0) this.#chunks.push(chunk.subarray(0, room));
      this.#size = this.maxBytes;
      this.#truncated = true;
      return false;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.byteLength;
    return true;
  }

  result(): BodyExcerpt {
    const chunks = this.#chunks;
    const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#size);
    return { bytes, truncated: this.#truncated };
  }
}
