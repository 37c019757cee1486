import { arbitraryString, arbitraryValue, seededRandom } from '@dramarelay/test-utils';
import { describe, expect, it } from 'vitest';
import { sign, verify, WebhookVerificationError } from '../src/node.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const CASES = 3_000;
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const HEADER_NAMES = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type'];

/** A signed webhook with its headers or body mutated, or replaced by random ones. */
async function mutatedWebhook(random: () => number) {
  const body = JSON.stringify({ n: Math.floor(random() * 1e6), text: arbitraryString(random) });
  const signed: Record<string, unknown> = await sign({
    id: `msg_${Math.floor(random() * 1e9)}`,
    timestamp: new Date(),
    body,
    secrets: secret,
  });
  let sent: string | Uint8Array = body;
  const mutation = Math.floor(random() * 7);
  const name = HEADER_NAMES[Math.floor(random() * HEADER_NAMES.length)]!;
  if (mutation === 0) signed[name] = arbitraryString(random);
  if (mutation === 1) {
    // Anything at all, but a list only of strings: what a server gives for a repeated header.
    const value = arbitraryValue(random);
    signed[name] = Array.isArray(value) ? value.map(() => arbitraryString(random)) : value;
  }
  if (mutation === 2) delete signed[name];
  if (mutation === 3) signed[arbitraryString(random)] = arbitraryString(random);
  if (mutation === 4) {
    const bytes = new TextEncoder().encode(body);
    bytes[Math.floor(random() * bytes.length)]! ^= 1 << Math.floor(random() * 8);
    sent = bytes;
  }
  if (mutation === 5) sent = arbitraryString(random);
  if (mutation === 6) {
    const value = String(signed['webhook-signature']);
    signed['webhook-signature'] = `${value} ${arbitraryString(random)}`;
  }
  return { body: sent, headers: signed };
}

describe('verify with random headers and bodies', () => {
  it('accepts what is intact and refuses the rest with a WebhookVerificationError, never another error', async () => {
    const random = seededRandom(SEED);
    const others: unknown[] = [];
    let refused = 0;
    for (let n = 0; n < CASES; n++) {
      const { body, headers } = await mutatedWebhook(random);
      try {
        await verify(body, headers as Record<string, string>, secret);
      } catch (error) {
        if (error instanceof WebhookVerificationError) refused++;
        else others.push({ case: n, error: String(error), headers });
      }
    }
    expect(others).toEqual([]);
    expect(refused).toBeGreaterThan(CASES / 4);
  });
});
