import type { NewEndpoint, SendInput } from '../../src/store/routing-store.js';
import { at } from './fixtures.js';

/** A registered endpoint `id` of `tenant` (default `acme`), subscribed to every event type. */
export function newEndpoint(id: string, overrides: Partial<NewEndpoint> = {}): NewEndpoint {
  return {
    id,
    tenant: 'acme',
    url: `https://${id.replace(/_/g, '-')}.example.com/hook`,
    scheme: 'standard-webhooks',
    secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    eventTypes: [],
    description: null,
    metadata: {},
    timeoutMs: null,
    concurrency: null,
    status: 'active',
    ...overrides,
  };
}

/** A `send` of `eventType` for `tenant` (default `acme`), made at `n` ms. */
export function sendInput(
  n: number,
  eventType: string,
  overrides: { tenant?: string | null; key?: string | null } = {},
): SendInput {
  const id = String(n).padStart(4, '0');
  return {
    message: {
      id: `msg_s${id}`,
      tenant: overrides.tenant === undefined ? 'acme' : overrides.tenant,
      eventType,
      body: new Uint8Array([0x7b, 0x00, 0xff, n % 256, 0x7d]),
      idempotencyKey: overrides.key ?? null,
      createdAt: at(n),
    },
    deliveryIdStem: `dlv_s${id}`,
    now: at(n),
  };
}
