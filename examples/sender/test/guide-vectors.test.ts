import { readFileSync } from 'node:fs';
import { escapeNonAscii, repoPath } from '@dramarelay/example-support';
import { sign, verifyWebhook } from '@dramarelay/receiver-verify';
import { createNotifier, MemoryStore } from '@dramarelay/webhook-notifier';
import { describe, expect, it } from 'vitest';

const guide = readFileSync(repoPath('docs/receiving-webhooks.md'), 'utf8');
const section = guide.slice(guide.indexOf('## Test vectors'), guide.indexOf('## Timestamps'));

/** The value in the "Test vectors" table for `input` (code spans, bold or not). */
function vector(input: string): string {
  const row = section.split('\n').find((line) => line.startsWith(`| ${input} `));
  const value = row && /`([^`]+)`\**\s*\|$/.exec(row.trimEnd())?.[1];
  if (!value) throw new Error(`no row ${input} in the guide's test vectors`);
  return value;
}

const body = vector('body');
const id = vector('`webhook-id`');
const timestamp = vector('`webhook-timestamp`');
const secret = vector('Standard Webhooks secret');
const at = { now: () => Number(timestamp) * 1000 };

describe("the guide's test vectors", () => {
  it('use a webhook-id of the length the header table gives, and the shape the relay sends', async () => {
    const length = Number(/`msg_` followed by (\d+) characters/.exec(guide)?.[1]);
    const notifier = createNotifier({ store: new MemoryStore() });
    const { messageId } = await notifier.enqueue({
      endpoint: { url: 'https://receiver.example/webhooks', secrets: [secret] },
      eventType: 'task.completed',
      payload: {},
    });
    await notifier.stop();

    expect(messageId).toMatch(new RegExp(`^msg_[0-9A-Z]{${length}}$`));
    expect(id).toMatch(new RegExp(`^msg_[0-9A-Z]{${length}}$`));
  });

  it('give a signature that verifies, over the body of the stated size', async () => {
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': vector('**`webhook-signature`**'),
    };

    expect(section).toContain(`the body is ${Buffer.byteLength(body)} bytes of UTF-8`);
    await expect(verifyWebhook(body, headers, secret, at)).resolves.toMatchObject({ id });
  });

  it('give the legacy signature of the same body', async () => {
    const headers = { 'x-webhook-signature': vector('**`x-webhook-signature`**') };
    const legacySecret = vector('legacy secret');

    await expect(verifyWebhook(body, headers, legacySecret, { scheme: 'legacy' })).resolves.toEqual(
      expect.objectContaining({ scheme: 'legacy', payload: JSON.parse(body) }),
    );
  });

  it('name the signature of a \\u-escaped re-serialisation as the mistake it is', async () => {
    const wrong = /If you get `(v1,[^`]+)` instead/.exec(section)?.[1];
    const escaped = await sign({
      id,
      timestamp: Number(timestamp),
      body: escapeNonAscii(body),
      secrets: secret,
    });

    expect(escaped['webhook-signature']).toBe(wrong);
  });
});
