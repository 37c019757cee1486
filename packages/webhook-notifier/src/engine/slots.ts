import type { ClaimedDelivery } from '../store/delivery-store.js';

/** A claimed delivery and the callback that reports how it ended. */
export interface Task {
  claimed: ClaimedDelivery;
  done(result: TaskResult): void;
}

export type TaskResult = 'delivered' | 'retry' | 'failed' | 'released';

/**
 * Concurrency bookkeeping: attempts running (globally and per endpoint) and claimed
 * deliveries waiting for a free slot of their endpoint. An endpoint whose circuit is
 * half-open is gated to one running attempt (the probe) until the probe's result is known.
 *
 * @example
 * const slots = new Slots(64, 16);
 * if (slots.canStart(endpointId)) slots.begin(endpointId);
 */
export class Slots {
  running = 0;
  waitingCount = 0;
  readonly #perEndpoint = new Map<string, number>();
  readonly #waiting = new Map<string, Task[]>();
  /** Half-open endpoints: `probe` lets one attempt run, `hold` none until its verdict. */
  readonly #gated = new Map<string, 'probe' | 'hold'>();

  constructor(
    readonly globalCap: number,
    readonly endpointCap: number,
  ) {}

  /** Slots not taken by running or waiting deliveries. */
  free(): number {
    return this.globalCap - this.running - this.waitingCount;
  }

  /** Running plus waiting deliveries of one endpoint. */
  load(endpointId: string): number {
    return (this.#perEndpoint.get(endpointId) ?? 0) + (this.#waiting.get(endpointId)?.length ?? 0);
  }

  /** Endpoints with no room for another claimed delivery. */
  saturated(): string[] {
    const ids = new Set([...this.#perEndpoint.keys(), ...this.#waiting.keys()]);
    return [...ids].filter((id) => this.load(id) >= this.endpointCap || this.#gated.has(id));
  }

  canStart(endpointId: string): boolean {
    const running = this.#perEndpoint.get(endpointId) ?? 0;
    const gate = this.#gated.get(endpointId);
    if (gate === 'hold') return false;
    return running < (gate === 'probe' ? 1 : this.endpointCap);
  }

  begin(endpointId: string): void {
    this.running++;
    this.#perEndpoint.set(endpointId, (this.#perEndpoint.get(endpointId) ?? 0) + 1);
  }

  end(endpointId: string): void {
    this.running--;
    const count = (this.#perEndpoint.get(endpointId) ?? 1) - 1;
    if (count === 0) this.#perEndpoint.delete(endpointId);
    else this.#perEndpoint.set(endpointId, count);
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
