import { describe, expect, it } from 'vitest';
import { implementations, rejection } from './implementations.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe.each(implementations)('%s: verifyRequest', (_, api) => {
  it('verifies a Fetch Request with a Chinese body and reads its bytes once', async () => {
    const body = JSON.stringify({ title: '《霸道总裁爱上我》', emoji: '🎬' });
    const headers = await api.sign({ id: 'msg_r', timestamp: new Date(), body, secrets: secret });
    const request = new Request('https://example.test/hooks', { method: 'POST', body, headers });
    await expect(api.verifyRequest(request, secret)).resolves.toEqual(JSON.parse(body));
    expect(request.bodyUsed).toBe(true);
  });

  it('rejects a Request signed for another body', async () => {
    const headers = await api.sign({
      id: 'msg_r',
      timestamp: new Date(),
      body: '{}',
      secrets: secret,
    });
    const request = new Request('https://example.test/hooks', {
      method: 'POST',
      body: '{"amount":1000000}',
      headers,
    });
    const error = await rejection(api.verifyRequest(request, secret));
    expect(error).toMatchObject({ reason: 'no_matching_signature' });
  });

  it('passes options through', async () => {
    const headers = await api.sign({ id: 'msg_r', timestamp: 1, body: '{}', secrets: secret });
    const request = () =>
      new Request('https://example.test', { method: 'POST', body: '{}', headers });
    const error = await rejection(api.verifyRequest(request(), secret));
    expect(error).toMatchObject({ reason: 'timestamp_too_old' });
    await expect(api.verifyRequest(request(), secret, { now: () => 1000 })).resolves.toEqual({});
  });
});
