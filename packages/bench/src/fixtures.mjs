// What every throughput row sends: the same 1 KiB JSON body, the same secret, the same
// in-flight cap, so that the rows differ only in what stands between the queue and the socket.
export const CONCURRENCY = 64;
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const BODY_BYTES = 1024;

/** A JSON payload whose serialised form is exactly `size` bytes (`i` keeps rows distinct). */
export function payloadOf(i, size = BODY_BYTES) {
  const base = { event: 'bench.delivery', data: { i, note: '' } };
  const overhead = Buffer.byteLength(JSON.stringify(base));
  base.data.note = 'x'.repeat(size - overhead);
  return base;
}
