import type { Clock } from '../engine/options.js';
import type { SsrfPolicy } from '../ssrf/ssrf-policy.js';
import type { OperableStore } from '../store/admin-store.js';

/** What every admin operation works with: the store, the time, the destination policy. */
export interface AdminContext {
  store: OperableStore;
  clock: Clock;
  /** Checked on every URL an operator sets, as `enqueue` checks it. `false`: off. */
  ssrf: SsrfPolicy | false;
}
