import { decideBreaker, type ResolvedBreakerOptions } from '../breaker/circuit-breaker.js';
import type { DeliveryStore, EndpointRecord } from '../store/delivery-store.js';
import type { AttemptResult } from './attempt.js';
import type { Emitter } from './emitter.js';

export interface HealthContext {
  store: Pick<DeliveryStore<unknown>, 'updateEndpoint'>;
  emitter: Emitter;
  breaker: ResolvedBreakerOptions;
  now: number;
}

const GONE_REASON = 'the endpoint answered 410 Gone';

/**
 * After a batch is settled: disables endpoints that answered 410, and asks the circuit
 * breaker about endpoints whose failures grew (pause, or disable after the failure window).
 * Returns the ids of endpoints that no longer take deliveries, so their queued deliveries
 * can be given back.
 *
 * @example
 * const blocked = await applyEndpointHealth(results, settled.failingEndpoints, context);
 */
export async function applyEndpointHealth(
  results: readonly AttemptResult[],
  failing: readonly EndpointRecord[],
  context: HealthContext,
): Promise<Set<string>> {
  const blocked = new Set<string>();
  for (const result of results) {
    const id = result.ref.endpointId;
    if (result.verdict.outcome !== 'disable' || blocked.has(id)) continue;
    blocked.add(id);
    await context.store.updateEndpoint(id, {
      status: 'disabled',
      disabledReason: GONE_REASON,
      disabledCause: 'gone',
      disabledAt: new Date(context.now),
    });
    context.emitter.emit('endpoint.disabled', {
      endpointId: id,
      cause: 'gone',
      reason: GONE_REASON,
    });
  }
  for (const endpoint of failing) {
    if (blocked.has(endpoint.id)) continue;
    const decision = decideBreaker(endpoint, context.now, context.breaker);
    if (decision.action === 'none') continue;
    blocked.add(endpoint.id);
    if (decision.action === 'pause') {
      await context.store.updateEndpoint(endpoint.id, { pausedUntil: decision.until });
      context.emitter.emit('endpoint.paused', {
        endpointId: endpoint.id,
        pausedUntil: decision.until,
        consecutiveFailures: endpoint.consecutiveFailures,
      });
    } else {
      const patch = {
        status: 'disabled',
        disabledReason: decision.reason,
        disabledCause: 'failing',
        disabledAt: new Date(context.now),
      } as const;
      await context.store.updateEndpoint(endpoint.id, patch);
      context.emitter.emit('endpoint.disabled', {
        endpointId: endpoint.id,
        cause: 'failing',
        reason: decision.reason,
      });
    }
  }
  return blocked;
}
