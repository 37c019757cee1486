/** The start of a response body. */
export interface BodyExcerpt {
  bytes: Uint8Array;
  /** `true` when the body went on past `bytes`. */
  truncated: boolean;
}

/**
 * Reads at most `maxBytes` of a body, then destroys the stream so the rest is never
 * buffered: a receiver answering with gigabytes costs no more than one excerpt.
 *
 * @example
 * const { bytes, truncated } = await readBodyExcerpt(response.body, 4096);
 */
export async function readBodyExcerpt(
  body: AsyncIterable<Uint8Array> & { destroy(): unknown },
  maxBytes: number,
): Promise<BodyExcerpt> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body) {
    const room = maxBytes - size;
    if (chunk.byteLength > room) {
      if (room > 0) chunks.push(chunk.subarray(0, room));
      size = maxBytes;
      truncated = true;
      break;
    }
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  if (truncated) body.destroy();
  return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), truncated };
}
