// Scenario 3: one message to each misbehaving receiver, delivered by a real worker process
// (the default undici transport), and what the worker recorded and kept in memory.
import { query } from './database.mjs';
import { createEnqueuer } from './enqueue.mjs';
import { startMisbehavingReceivers } from './misbehaving-servers.mjs';
import { startWorker } from './workers.mjs';

/** The excerpt the default transport keeps of a response body. */
export const EXCERPT_BYTES = 4096;

/**
 * Runs every case against a worker on `connectionString` (a migrated database) with
 * `timeoutMs` per attempt. Resolves with one row per case (what was expected, what the
 * worker recorded, what the receiver sent), the redirect target's connection count, and the
 * worker's memory before and after. A case the worker never finished (no attempt within
 * `giveUpMs`) has `errorClass: undefined`.
 */
export async function runMisbehavingReceivers({ connectionString, timeoutMs, giveUpMs }) {
  const receivers = await startMisbehavingReceivers();
  const enqueuer = createEnqueuer(connectionString, 1);
  let worker;
  try {
    worker = await startWorker({
      connectionString,
      workerId: 'misbehaving',
      limits: { timeoutMs, leaseMs: timeoutMs * 4 },
      // One attempt per case in the run: the retry comes an hour later.
      retry: { schedule: [3_600_000], jitter: 'none' },
    });
    const before = { ...(await worker.memory()).memory, ...worker.status() };
    const messages = new Map();
    for (const spec of receivers.cases) {
      const id = await enqueuer.send({ id: spec.name, url: spec.url }, { case: spec.name });
      messages.set(id, spec);
    }
    const attempts = await firstAttempts(connectionString, receivers.cases.length, giveUpMs);
    const after = { ...(await worker.memory()).memory, ...worker.status() };
    const cases = receivers.cases.map((spec) => {
      const attempt = attempts.get(spec.name);
      return {
        name: spec.name,
        does: spec.does,
        expected: spec.expected,
        errorClass: attempt === undefined ? undefined : attempt.error_class,
        statusCode: attempt?.status_code ?? null,
        durationMs: attempt?.duration_ms ?? null,
        error: attempt?.error ?? null,
        excerptBytes:
          attempt?.response_excerpt == null ? null : Buffer.byteLength(attempt.response_excerpt),
        excerptExpected: spec.excerpt === true,
        receiverSentBytes: spec.state.sent.bytes,
        requests: spec.state.requests,
      };
    });
    return { cases, redirectTargetConnections: receivers.trap.connections, before, after };
  } finally {
    // kill -9: a graceful stop would wait for attempts still hanging (see docs/reliability.md).
    await worker?.kill();
    await enqueuer.close();
    await receivers.close();
  }
}

/** The first attempt of each endpoint's delivery, once `count` endpoints have one. */
async function firstAttempts(connectionString, count, giveUpMs) {
  const deadline = Date.now() + giveUpMs;
  for (;;) {
    const { rows } = await query(
      connectionString,
      `select d.endpoint_id, a.error_class, a.status_code, a.duration_ms, a.error,
         a.response_excerpt
       from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id
       where a.attempt = 1`,
    );
    if (rows.length >= count || Date.now() > deadline) {
      return new Map(rows.map((row) => [row.endpoint_id, row]));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
