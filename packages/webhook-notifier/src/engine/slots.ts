import type { ClaimedDelivery } from '../store/delivery-store.js';

/** A claimed delivery and the callback that reports how it ended. */
export interface Task {
  claimed: ClaimedDelivery;
  done(result: TaskResult): void;
}

export type TaskResult = 'delivered' | 'retry' | 'failed' | 'released';

/**
 * Concurrency bookkeeping: attempts running (globally and per endpoint) and claimed
 * deliveries waiting for a free slot, of their endpoint or of the whole process. An endpoint
 * whose circuit is half-open is gated to one running attempt (the probe) until the probe's
 * result is known.
 *
 * Up to `ahead` times the caps may be held (running plus waiting), so that the running loop
 * claims the next deliveries while the current ones run, in batches, instead of one slot's
 * worth at a time after each completion.
 *
 * @example
 * const slots = new Slots(64, 16, 2);
 * if (slots.canStart(endpointId)) slots.begin(endpointId);
 */
export class Slots {
  running = 0;
  waitingCount = 0;
  readonly #perEndpoint = new Map<string, number>();
  /** Waiting deliveries by endpoint, endpoints in the order they get the next free slot. */
  readonly #waiting = new Map<string, Task[]>();
  /** Half-open endpoints: `probe` lets one attempt run, `hold` none until its verdict. */
  readonly #gated = new Map<string, 'probe' | 'hold'>();
  /** Endpoints with a concurrency of their own (`EndpointRecord.concurrency`). */
  readonly #caps = new Map<string, number>();

  constructor(
    readonly globalCap: number,
    readonly endpointCap: number,
    readonly ahead = 1,
  ) {}

  /** An endpoint's own cap on running attempts (`null`: the default), as last claimed. */
  setCap(endpointId: string, cap: number | null): void {
    if (cap === null) this.#caps.delete(endpointId);
    else this.#caps.set(endpointId, cap);
  }

  #cap(endpointId: string): number {
    return this.#caps.get(endpointId) ?? this.endpointCap;
  }

  /** Deliveries that may still be claimed: `ahead` times the global cap, less those held. */
  free(): number {
    return this.globalCap * this.ahead - this.running - this.waitingCount;
  }

  /** Deliveries that could start at once if claimed now. */
  startable(): number {
    return this.globalCap - this.running - this.waitingCount;
  }

  /** Running plus waiting deliveries of one endpoint. */
  load(endpointId: string): number {
    return (this.#perEndpoint.get(endpointId) ?? 0) + (this.#waiting.get(endpointId)?.length ?? 0);
  }

  /** Whether an endpoint has no room for another claimed delivery. */
  isSaturated(endpointId: string): boolean {
    return (
      this.load(endpointId) >= this.#cap(endpointId) * this.ahead || this.#gated.has(endpointId)
    );
  }

  /** Endpoints with no room for another claimed delivery. */
  saturated(): string[] {
    const ids = new Set([...this.#perEndpoint.keys(), ...this.#waiting.keys()]);
    return [...ids].filter((id) => this.isSaturated(id));
  }

  canStart(endpointId: string): boolean {
    if (this.running >= this.globalCap) return false;
    const running = this.#perEndpoint.get(endpointId) ?? 0;
    const gate = this.#gated.get(endpointId);
    if (gate === 'hold') return false;
    return running < (gate === 'probe' ? 1 : this.#cap(endpointId));
  }

  begin(endpointId: string): void {
    this.running++;
    this.#perEndpoint.set(endpointId, (this.#perEndpoint.get(endpointId) ?? 0) + 1);
  }

  end(endpointId: string): void {
    this.running--;
    const count = (this.#perEndpoint.get(endpointId) ?? 1) - 1;
    if (count > 0) this.#perEndpoint.set(endpointId, count);
    else {
      this.#perEndpoint.delete(endpointId);
      // Forgotten once idle, so the map holds only endpoints in hand (set again at a claim).
      if (!this.#waiting.has(endpointId)) this.#caps.delete(endpointId);
    }
  }

  wait(task: Task): void {
    const id = task.claimed.endpoint.id;
    const queue = this.#waiting.get(id);
    if (queue === undefined) this.#waiting.set(id, [task]);
    else queue.push(task);
    this.waitingCount++;
  }

  /** The next waiting task of an endpoint, if it may start now. */
  next(endpointId: string): Task | undefined {
    if (!this.canStart(endpointId)) return undefined;
    return this.#take(endpointId, 1)[0];
  }

  /** The next waiting task of any endpoint that may start now, endpoints taking turns. */
  nextAny(): Task | undefined {
    if (this.running >= this.globalCap) return undefined;
    for (const [endpointId, queue] of this.#waiting) {
      if (!this.canStart(endpointId)) continue;
      const task = queue.shift()!;
      this.waitingCount--;
      this.#waiting.delete(endpointId);
      if (queue.length > 0) this.#waiting.set(endpointId, queue);
      return task;
    }
    return undefined;
  }

  /** Removes and returns every waiting task of one endpoint (or of all, without an id). */
  takeWaiting(endpointId?: string): Task[] {
    if (endpointId !== undefined) return this.#take(endpointId, Number.POSITIVE_INFINITY);
    return [...this.#waiting.keys()].flatMap((id) => this.#take(id, Number.POSITIVE_INFINITY));
  }

  /** Lets only one attempt (the probe) run for this endpoint. */
  gate(endpointId: string): void {
    if (!this.#gated.has(endpointId)) this.#gated.set(endpointId, 'probe');
  }

  /** The probe failed: start nothing more until the breaker has decided. */
  hold(endpointId: string): void {
    if (this.#gated.has(endpointId)) this.#gated.set(endpointId, 'hold');
  }

  /** Lifts the gate; `true` if there was one. */
  ungate(endpointId: string): boolean {
    return this.#gated.delete(endpointId);
  }

  #take(endpointId: string, count: number): Task[] {
    const queue = this.#waiting.get(endpointId);
    if (queue === undefined) return [];
    const taken = queue.splice(0, count);
    if (queue.length === 0) this.#waiting.delete(endpointId);
    this.waitingCount -= taken.length;
    return taken;
  }
}
