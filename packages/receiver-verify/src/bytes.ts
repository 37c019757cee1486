/** Bytes backed by a plain `ArrayBuffer`, as Web Crypto requires. */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** `prefix` as UTF-8 followed by `body`, in one fresh buffer. */
export function concatContent(prefix: string, body: string | Uint8Array): Bytes {
  if (typeof body === 'string') return utf8(prefix + body);
  const head = utf8(prefix);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}
