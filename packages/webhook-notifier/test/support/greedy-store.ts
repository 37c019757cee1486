import type { ClaimOptions } from '../../src/store/delivery-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';

/** A store that ignores the per-endpoint claim limit, so the engine must enforce its cap. */
export class GreedyStore extends MemoryStore {
  override claimDue(options: ClaimOptions) {
    const { perEndpointLimit: _ignored, ...rest } = options;
    return super.claimDue(rest);
  }
}
