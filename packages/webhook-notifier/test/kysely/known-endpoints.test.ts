import { describe, expect, it } from 'vitest';
import { createKnownEndpoints, ENDPOINT_CHECK_MS } from '../../src/kysely/known-endpoints.js';

const endpoint = {
  id: 'ep_a',
  url: 'https://a.example/hook',
  scheme: 'standard-webhooks' as const,
  secrets: ['whsec_one'],
};

describe('endpoints an enqueue may trust without checking', () => {
  it('trusts an endpoint only with the same URL, scheme and secrets as written', () => {
    const known = createKnownEndpoints(() => 0);
    expect(known.isCurrent(endpoint)).toBe(false);
    known.remember(endpoint);
    expect(known.isCurrent(endpoint)).toBe(true);
    expect(known.isCurrent({ ...endpoint, secrets: ['whsec_two'] })).toBe(false);
    expect(known.isCurrent({ ...endpoint, url: 'https://b.example/hook' })).toBe(false);
    expect(known.isCurrent({ ...endpoint, scheme: 'legacy' })).toBe(false);
    expect(known.isCurrent({ ...endpoint, id: 'ep_b' })).toBe(false);
  });

  it('checks again when a secret is added, or the same secrets come in another order', () => {
    const known = createKnownEndpoints(() => 0);
    const rotating = { ...endpoint, secrets: ['whsec_one', 'whsec_two'] };
    known.remember(rotating);
    expect(known.isCurrent({ ...endpoint, secrets: ['whsec_one', 'whsec_two'] })).toBe(true);
    expect(known.isCurrent({ ...endpoint, secrets: ['whsec_two', 'whsec_one'] })).toBe(false);
    expect(known.isCurrent({ ...endpoint, secrets: ['whsec_one'] })).toBe(false);
    expect(known.isCurrent({ ...endpoint, secrets: ['whsec_one', 'whsec_two', 'x'] })).toBe(false);
  });

  it('is not fooled by a secrets array changed in place after it was written', () => {
    const known = createKnownEndpoints(() => 0);
    const secrets = ['whsec_one'];
    known.remember({ ...endpoint, secrets });
    secrets[0] = 'whsec_two';
    expect(known.isCurrent({ ...endpoint, secrets })).toBe(false);
  });

  it('checks again once ENDPOINT_CHECK_MS has passed since it was written, however often used', () => {
    let now = 0;
    const known = createKnownEndpoints(() => now);
    known.remember(endpoint);
    now = ENDPOINT_CHECK_MS - 1;
    expect(known.isCurrent(endpoint)).toBe(true);
    now = ENDPOINT_CHECK_MS;
    expect(known.isCurrent(endpoint)).toBe(false);
  });

  it('hands a due check to one enqueue while the others go on trusting the endpoint', () => {
    let now = 0;
    const known = createKnownEndpoints(() => now);
    known.remember(endpoint);
    now = ENDPOINT_CHECK_MS;
    expect(known.isCurrent(endpoint)).toBe(false);
    expect(known.isCurrent(endpoint)).toBe(true);
    expect(known.isCurrent(endpoint)).toBe(true);
    // The check never reported back (it failed): another enqueue checks a period later.
    now = 2 * ENDPOINT_CHECK_MS - 1;
    expect(known.isCurrent(endpoint)).toBe(true);
    now = 2 * ENDPOINT_CHECK_MS;
    expect(known.isCurrent(endpoint)).toBe(false);
    expect(known.isCurrent(endpoint)).toBe(true);
  });

  it('forgets everything after the store changes an endpoint', () => {
    const known = createKnownEndpoints(() => 0);
    known.remember(endpoint);
    known.forgetAll();
    expect(known.isCurrent(endpoint)).toBe(false);
  });
});
