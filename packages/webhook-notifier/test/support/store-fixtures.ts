/** Records and helpers for the MemoryStore tests. */
import type { AttemptRecord, EnqueueInput } from '../../src/store/delivery-store.js';
import type { MemoryStore } from '../../src/store/memory-store.js';

export const T0 = new Date(Date.UTC(2026, 0, 1));
export const at = (ms: number) => new Date(T0.getTime() + ms);
let seq = 0;

export function input(
  overrides: { endpointId?: string; key?: string; now?: Date } = {},
): EnqueueInput {
  seq++;
  const n = String(seq).padStart(4, '0');
  const now = overrides.now ?? T0;
  return {
    message: {
      id: `msg_${n}`,
      eventType: 'task.completed',
      body: new TextEncoder().encode(`{"n":${seq}}`),
      idempotencyKey: overrides.key ?? null,
      createdAt: now,
    },
    endpoint: {
      id: overrides.endpointId ?? 'ep-1',
      url: 'https://hooks.example.com/x',
      scheme: 'standard-webhooks',
      secrets: ['whsec_c2VjcmV0'],
    },
    deliveryId: `dlv_${n}`,
    now,
  };
}

export function attempt(deliveryId: string, n = 1, startedAt = T0): AttemptRecord {
  return {
    deliveryId,
    attempt: n,
    startedAt,
    durationMs: 12,
    statusCode: 500,
    errorClass: 'http_status',
    error: 'HTTP 500',
    responseHeaders: {},
    responseExcerpt: null,
  };
}

export const claim = (
  store: MemoryStore,
  extra: Partial<Parameters<MemoryStore['claimDue']>[0]> = {},
) => store.claimDue({ now: T0, limit: 10, workerId: 'w1', leaseMs: 60_000, ...extra });
