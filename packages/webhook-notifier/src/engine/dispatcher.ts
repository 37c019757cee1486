import type { HttpTransport } from '../http/transport.js';
import type { ClaimedDelivery } from '../store/delivery-store.js';
import {
  type AttemptContext,
  type AttemptResult,
  attemptContext,
  attemptTimeoutMs,
  runAttempt,
} from './attempt.js';
import type { Emitter } from './emitter.js';
import { applyEndpointHealth } from './endpoint-health.js';
import type { EngineConfig } from './options.js';
import { emitResult } from './result-events.js';
import { createSettleQueue, type SettleQueue } from './settle-queue.js';
import { Slots, type Task, type TaskResult } from './slots.js';

/**
 * The running loop holds up to this many times its caps in claimed deliveries: the next
 * ones are claimed, a batch at a time, while the current ones run.
 */
const CLAIM_AHEAD = 2;

/** What one `runOnce()` did. */
export interface RoundSummary {
  /** Deliveries leased in this round. */
  claimed: number;
  delivered: number;
  /** Rescheduled for a later attempt. */
  retried: number;
  /** Dead-lettered: permanent error, endpoint gone, or schedule exhausted. */
  failed: number;
  /** Given back unattempted (stopping, endpoint paused meanwhile, lease about to expire). */
  released: number;
}

export interface DispatcherDeps<Tx> {
  config: EngineConfig<Tx>;
  transport: HttpTransport;
  emitter: Emitter;
}

/**
 * The delivery core: claims due deliveries in batches, runs them within the global and
 * per-endpoint caps, and settles their outcomes in batches. `runOnce` is one round that
 * waits for its own deliveries; `pump` is what the running loop calls whenever capacity or
 * work appears, and does not wait.
 */
export class Dispatcher<Tx> {
  readonly #config: EngineConfig<Tx>;
  readonly #emitter: Emitter;
  readonly #slots: Slots;
  readonly #queue: SettleQueue<AttemptResult>;
  readonly #attempt: AttemptContext;
  readonly #refill: number;
  readonly #capped = new Set<string>();
  readonly #releases = new Set<Promise<void>>();
  #idleWaiters: (() => void)[] = [];
  #claimChain: Promise<unknown> = Promise.resolve();
  #hint = false;
  #pumping = false;
  #autoPump = false;
  #stopped = false;

  constructor({ config, transport, emitter }: DispatcherDeps<Tx>) {
    const { limits } = config;
    this.#config = config;
    this.#emitter = emitter;
    this.#slots = new Slots(limits.globalConcurrency, limits.perEndpointConcurrency, CLAIM_AHEAD);
    // Claim again once a quarter of a batch is free, not after every single completion.
    this.#refill = Math.max(
      1,
      Math.floor(Math.min(limits.batchSize, limits.globalConcurrency) / 4),
    );
    this.#queue = createSettleQueue({
      maxBatch: limits.batchSize,
      persist: (batch) => this.#persist(batch),
      onError: (error) => emitter.emit('error', { during: 'settle', error }),
    });
    this.#attempt = attemptContext(config, transport, emitter);
  }

  /** Work may be due (a wake-up, a poll tick, a redelivery): the next pump claims. */
  hint(): void {
    this.#hint = true;
  }

  /** Whether completions trigger new claims by themselves (the running loop). */
  setAutoPump(on: boolean): void {
    this.#autoPump = on;
  }

  /** One round: claim a batch, attempt it, settle it, and report. */
  async runOnce(): Promise<RoundSummary> {
    const claimed = await this.#claim(false);
    const results = await Promise.all(this.#schedule(claimed));
    await this.#queue.flush();
    await Promise.all(this.#releases);
    const count = (result: TaskResult) => results.filter((r) => r === result).length;
    return {
      claimed: claimed.length,
      delivered: count('delivered'),
      retried: count('retry'),
      failed: count('failed'),
      released: count('released'),
    };
  }

  /** Claims while there is room and reason to; never throws (a failure waits for the next tick). */
  async pump(): Promise<void> {
    if (this.#pumping || this.#stopped || !this.#autoPump) return;
    this.#pumping = true;
    try {
      while (this.#hint && !this.#stopped && this.#hasRoom()) {
        this.#hint = false;
        const claimed = await this.#claim(true);
        this.#schedule(claimed);
        // A wake-up that arrived during an empty claim must not be lost until the next poll.
        if (claimed.length === 0 && !this.#hint) break;
      }
    } catch (error) {
      this.#emitter.emit('error', { during: 'claim', error });
    } finally {
      this.#pumping = false;
    }
  }

  /** Persists queued outcomes now (retrying after a store failure). */
  flush(): Promise<void> {
    return this.#queue.flush();
  }

  /**
   * Stops claiming, gives back deliveries not yet started, waits up to `timeoutMs` for the
   * running ones, and settles their outcomes. Returns how many were still running.
   */
  async stop(timeoutMs: number): Promise<{ abandoned: number }> {
    this.#stopped = true;
    await this.#claimChain;
    this.#release(this.#slots.takeWaiting());
    const idle = await this.#whenIdle(timeoutMs);
    const abandoned = idle ? 0 : this.#slots.running;
    try {
      await this.#queue.flush();
    } catch (error) {
      this.#emitter.emit('error', { during: 'settle', error });
    }
    // An attempt still running now will be retried elsewhere once its lease expires.
    this.#queue.close();
    await Promise.all(this.#releases);
    return { abandoned };
  }

  #hasRoom(): boolean {
    const free = this.#slots.free();
    return (
      free >= this.#refill || (free > 0 && this.#slots.running + this.#slots.waitingCount === 0)
    );
  }

  /** `ahead`: claim for the slots held ahead too, not only for those free now. */
  #claim(ahead: boolean): Promise<ClaimedDelivery[]> {
    const run = this.#claimChain.then(() => this.#claimNow(ahead));
    this.#claimChain = run.catch(() => {});
    return run;
  }

  async #claimNow(ahead: boolean): Promise<ClaimedDelivery[]> {
    const { store, limits, clock, workerId } = this.#config;
    const free = ahead ? this.#slots.free() : this.#slots.startable();
    if (this.#stopped || free <= 0) return [];
    const limit = Math.min(limits.batchSize, free);
    const perEndpointLimit = limits.perEndpointConcurrency * (ahead ? CLAIM_AHEAD : 1);
    const skipEndpointIds = this.#slots.saturated();
    const claimed = await store.claimDue({
      now: new Date(clock.now()),
      limit,
      workerId,
      leaseMs: limits.leaseMs,
      skipEndpointIds,
      perEndpointLimit,
    });
    if (claimed.length >= limit) this.#hint = true;
    // Endpoints left out on purpose get another claim as soon as they have room again.
    for (const id of skipEndpointIds) this.#capped.add(id);
    const perEndpoint = new Map<string, number>();
    for (const { endpoint } of claimed) {
      const count = (perEndpoint.get(endpoint.id) ?? 0) + 1;
      perEndpoint.set(endpoint.id, count);
      if (count >= perEndpointLimit) this.#capped.add(endpoint.id);
    }
    return claimed;
  }

  #schedule(claimed: readonly ClaimedDelivery[]): Promise<TaskResult>[] {
    const now = this.#config.clock.now();
    return claimed.map(
      (delivery) =>
        new Promise<TaskResult>((done) => {
          const task: Task = { claimed: delivery, done };
          const { endpoint } = delivery;
          if (this.#stopped) {
            this.#release([task]);
            return;
          }
          // A paused endpoint whose cooldown is over is half-open: one probe goes first.
          const halfOpen = endpoint.pausedUntil !== null && endpoint.pausedUntil.getTime() <= now;
          if (halfOpen) this.#slots.gate(endpoint.id);
          this.#slots.setCap(endpoint.id, endpoint.concurrency ?? null);
          if (this.#slots.canStart(endpoint.id)) this.#launch(task);
          else this.#slots.wait(task);
        }),
    );
  }

  #launch(task: Task): void {
    const { claimed } = task;
    const endpointId = claimed.endpoint.id;
    const lease = claimed.delivery.leaseExpiresAt;
    const latestStart =
      (lease?.getTime() ?? Number.POSITIVE_INFINITY) -
      attemptTimeoutMs(claimed.endpoint, this.#config.limits);
    if (this.#config.clock.now() > latestStart) {
      this.#release([task]);
      return;
    }
    this.#slots.begin(endpointId);
    runAttempt(claimed, this.#attempt)
      .then((result) => {
        this.#queue.add(result);
        if (result.result === 'delivered') this.#slots.ungate(endpointId);
        else this.#slots.hold(endpointId);
        task.done(result.result);
      })
      .catch((error: unknown) => {
        // Only a throwing clock can get here; the lease is given back rather than lost.
        this.#emitter.emit('error', { during: 'attempt', error });
        this.#release([task]);
      })
      .finally(() => {
        this.#slots.end(endpointId);
        this.#afterAttempt(endpointId);
      });
  }

  #afterAttempt(endpointId: string): void {
    this.#startWaiting(endpointId);
    this.#startAnyWaiting();
    if (this.#capped.has(endpointId) && !this.#slots.isSaturated(endpointId)) {
      this.#capped.delete(endpointId);
      this.#hint = true;
    }
    if (this.#slots.running === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    void this.pump();
  }

  #startWaiting(endpointId: string): void {
    if (this.#stopped) return;
    for (let task = this.#slots.next(endpointId); task; task = this.#slots.next(endpointId)) {
      this.#launch(task);
    }
  }

  /** Fills free global slots with deliveries that were waiting for one. */
  #startAnyWaiting(): void {
    if (this.#stopped) return;
    for (let task = this.#slots.nextAny(); task; task = this.#slots.nextAny()) this.#launch(task);
  }

  async #persist(batch: AttemptResult[]): Promise<void> {
    const { store, breaker, clock } = this.#config;
    const settled = await store.settle(batch.map((result) => result.outcome));
    for (const result of batch) emitResult(this.#emitter, result);
    let blocked = new Set<string>();
    try {
      const failing = settled?.failingEndpoints ?? [];
      const context = { store, emitter: this.#emitter, breaker, now: clock.now() };
      blocked = await applyEndpointHealth(batch, failing, context);
    } catch (error) {
      this.#emitter.emit('error', { during: 'endpoint_update', error });
    }
    for (const id of blocked) this.#release(this.#slots.takeWaiting(id));
    for (const { ref, result } of batch) {
      // A failed probe's verdict is now known: the gate opens (or its queue was given back).
      if (result !== 'delivered' && this.#slots.ungate(ref.endpointId)) {
        this.#startWaiting(ref.endpointId);
      }
    }
  }

  #release(tasks: readonly Task[]): void {
    if (tasks.length === 0) return;
    for (const task of tasks) task.done('released');
    const ids = tasks.map((task) => task.claimed.delivery.id);
    const released = this.#config.store
      .release(ids, this.#config.workerId)
      .catch((error: unknown) => this.#emitter.emit('error', { during: 'release', error }))
      .finally(() => this.#releases.delete(released));
    this.#releases.add(released);
  }

  #whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.#slots.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
