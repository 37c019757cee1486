import { describe, expect, it } from 'vitest';
import { redact, sensitiveValues } from '../../src/engine/redact.js';

describe('redaction', () => {
  it('hides secrets with and without their prefix, and every signature token', () => {
    const values = sensitiveValues(['whsec_c2VjcmV0LWtleS0x', 'short'], {
      'webhook-signature': 'v1,AAAABBBBCCCC v1a,DDDDEEEEFFFF',
      'x-webhook-signature': 'sha256=0123456789abcdef',
      'webhook-id': 'msg_visible',
    });
    const text =
      'saw whsec_c2VjcmV0LWtleS0x, c2VjcmV0LWtleS0x, short, AAAABBBBCCCC, 0123456789abcdef, msg_visible';
    expect(redact(text, values)).toBe(
      'saw [redacted], [redacted], [redacted], [redacted], [redacted], msg_visible',
    );
  });

  it('leaves text without secrets untouched', () => {
    expect(redact('HTTP 503', sensitiveValues(['whsec_abc']))).toBe('HTTP 503');
  });
});
