// Scenario 5: a large backlog of pending deliveries, one hanging endpoint among nine healthy
// ones, and one worker process whose memory the kernel reports (VmHWM) while it drains.
import { loadPending, query } from './database.mjs';
import { startHealthyAndSilent } from './receivers.mjs';
import { sleep } from './scenario-cli.mjs';
import { startWorker } from './workers.mjs';

export const HANGING = 'hanging';

/**
 * Loads `total` pending deliveries over ten endpoints (one of them `HANGING`, due first when
 * `hangingFirst`), starts one worker with `limits`, and samples it every `sampleMs` until
 * `seconds` passed or `stopAfterDelivered` deliveries were made. Resolves with the samples
 * (delivered so far, RSS, peak RSS) and what the hanging receiver and the database saw.
 */
export async function runBacklog({
  connectionString,
  total,
  seconds,
  stopAfterDelivered = Number.POSITIVE_INFINITY,
  limits = {},
  hangingFirst = false,
  sampleMs = 1000,
  log = () => {},
}) {
  const { receivers, endpoints } = await startHealthyAndSilent(9, [HANGING]);
  let worker;
  try {
    const load = await loadPending(connectionString, {
      endpoints,
      perEndpoint: Math.ceil(total / endpoints.length),
      first: hangingFirst ? [HANGING] : [],
    });
    log(`${load.count} pending deliveries loaded in ${load.seconds.toFixed(1)} s`);
    worker = await startWorker({ connectionString, workerId: 'backlog', limits });
    const started = Date.now();
    const samples = [];
    for (;;) {
      await sleep(sampleMs);
      const { delivered } = await worker.counts();
      samples.push({ atSeconds: (Date.now() - started) / 1000, delivered, ...worker.status() });
      if (samples.length % 10 === 0) {
        const last = samples.at(-1);
        log(
          `${last.atSeconds.toFixed(0)} s: ${delivered} delivered, RSS ${(last.rssBytes / 2 ** 20).toFixed(0)} MiB`,
        );
      }
      if (Date.now() - started >= seconds * 1000 || delivered >= stopAfterDelivered) break;
    }
    const hanging = (await receivers.stats())[HANGING];
    const { rows } = await query(
      connectionString,
      `select count(*)::int as timeouts from webhook_attempts a
       join webhook_deliveries d on d.id = a.delivery_id
       where d.endpoint_id = $1 and a.error_class = 'timeout'`,
      [HANGING],
    );
    return {
      load,
      samples,
      peakRssBytes: Math.max(...samples.map((sample) => sample.hwmBytes)),
      hangingRequests: hanging.requests,
      hangingOpen: hanging.open,
      hangingTimeouts: rows[0].timeouts,
    };
  } finally {
    // kill -9: a graceful stop would wait for the hanging attempts (see docs/reliability.md).
    await worker?.kill();
    await receivers.stop();
  }
}

/** Deliveries made in each `windowSeconds` slice of the samples (the first slice omitted). */
export function deliveriesPerWindow(samples, windowSeconds) {
  const windows = [];
  let from = samples[0];
  for (const sample of samples) {
    if (sample.atSeconds - from.atSeconds < windowSeconds) continue;
    windows.push(sample.delivered - from.delivered);
    from = sample;
  }
  return windows;
}
