// Verification speed on Node: @dramarelay/receiver-verify (built dist/node.js) against
// standardwebhooks 1.1.1 and svix 1.99.1, for 1 KiB and 16 KiB bodies, in one run.
//
// "with JSON parsing": each library's full verify (headers, timestamp, HMAC, compare, parse).
// "signature alone":   ours: verifySignature (same checks, no parse);
//                      standardwebhooks: verify(..., { jsonParse: false }) (same checks, no parse);
//                      svix: verify cannot skip JSON.parse, so its HMAC path as it runs it:
//                      sign(id, date, body) then a constant-time compare with the header value.
// "createHmac": the textbook Node check, createHmac over id.timestamp.body + timingSafeEqual,
// with no headers, no timestamp and no promise (signature rows only). Ours reads and checks
// all of those and still runs about as fast, because it does not set up a createHmac per call.
// Each sample times a batch of BENCH_BATCH calls (100), so that the timer's own cost and
// resolution do not weigh on a call of a few microseconds (per-call timing adds the same
// fixed cost to every library and so shrinks every ratio); calls of the async functions are
// awaited one by one, as a receiver awaits them.
// ops/s come from the median batch time (robust on a busy machine); the mean is shown too.
// Rounds alternate the libraries so that background load hits them alike. Run `pnpm build` first.
// BENCH_JSON=<file> also writes the rows there (the workspace benchmark collects them).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { Bench } from 'tinybench';
import { sign, verify, verifySignature } from '../dist/node.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 700);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);

/** `call` BATCH times per sample; awaited one by one when it returns a promise. */
function batched(call) {
  const probe = call();
  if (typeof probe?.then !== 'function') {
    return () => {
      for (let i = 0; i < BATCH; i++) call();
    };
  }
  probe.catch(() => {});
  return async () => {
    for (let i = 0; i < BATCH; i++) await call();
  };
}
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function payloadOf(size) {
  const base = { event: 'task.completed', data: { task_title: '《霸道总裁爱上我》', note: '' } };
  const overhead = Buffer.byteLength(JSON.stringify(base));
  base.data.note = 'x'.repeat(size - overhead);
  return JSON.stringify(base);
}

const cases = [];
for (const size of [1024, 16 * 1024]) {
  const body = payloadOf(size);
  const now = new Date();
  const headers = await sign({ id: 'msg_bench', timestamp: now, body, secrets: secret });
  const std = new StandardWebhook(secret);
  const svix = new SvixWebhook(secret);
  const given = Buffer.from(headers['webhook-signature']);
  const svixSignatureOnly = () => {
    const expected = Buffer.from(svix.sign('msg_bench', now, body));
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const prefix = `msg_bench.${headers['webhook-timestamp']}.`;
  const digest = Buffer.from(headers['webhook-signature'].slice(3), 'base64');
  const createHmacAlone = () =>
    timingSafeEqual(createHmac('sha256', key).update(prefix).update(body).digest(), digest);
  const label = size === 1024 ? '1 KiB' : '16 KiB';
  cases.push({
    label,
    mode: 'with JSON parsing',
    tasks: {
      ours: () => verify(body, headers, secret),
      standardwebhooks: () => std.verify(body, headers),
      svix: () => svix.verify(body, headers),
    },
  });
  cases.push({
    label,
    mode: 'signature alone',
    tasks: {
      ours: () => verifySignature(body, headers, secret),
      standardwebhooks: () => std.verify(body, headers, { jsonParse: false }),
      svix: svixSignatureOnly,
      createHmac: createHmacAlone,
    },
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = new Map();
for (let round = 0; round < ROUNDS; round++) {
  for (const { label, mode, tasks } of cases) {
    const names = Object.keys(tasks);
    if (round % 2) names.reverse();
    const bench = new Bench({ time: TIME_MS, warmupTime: 200 });
    for (const name of names) bench.add(name, batched(tasks[name]));
    await bench.run();
    for (const task of bench.tasks) {
      const key = `${label}|${mode}|${task.name}`;
      const entry = results.get(key) ?? { medians: [], means: [] };
      entry.medians.push((1000 * BATCH) / task.result.latency.p50);
      entry.means.push((1000 * BATCH) / task.result.period);
      results.set(key, entry);
    }
  }
}

const opsOf = (label, mode, name) => median(results.get(`${label}|${mode}|${name}`).medians);
const rows = [];
for (const { label, mode } of cases) {
  const ours = opsOf(label, mode, 'ours');
  for (const name of ['ours', 'standardwebhooks', 'svix', 'createHmac']) {
    const entry = results.get(`${label}|${mode}|${name}`);
    if (!entry) continue;
    const ops = median(entry.medians);
    rows.push({
      body: label,
      measure: mode,
      library: name === 'createHmac' ? 'createHmac + timingSafeEqual alone' : name,
      'ops/s (median)': Math.round(ops).toLocaleString('en-US'),
      'ops/s (mean)': Math.round(median(entry.means)).toLocaleString('en-US'),
      'ours ×': name === 'ours' ? '' : `${(ours / ops).toFixed(2)}x`,
    });
  }
}
console.log(
  `node ${process.version}, ${ROUNDS} rounds of ${TIME_MS} ms per task, ${BATCH} calls per sample`,
);
console.table(rows);
if (process.env.BENCH_JSON) {
  const figures = [];
  for (const { label, mode } of cases) {
    for (const name of ['ours', 'standardwebhooks', 'svix', 'createHmac']) {
      const entry = results.get(`${label}|${mode}|${name}`);
      if (entry === undefined) continue;
      figures.push({ body: label, measure: mode, library: name, ops: median(entry.medians) });
    }
  }
  writeFileSync(
    process.env.BENCH_JSON,
    `${JSON.stringify({ rounds: ROUNDS, timeMs: TIME_MS, batch: BATCH, figures }, null, 2)}\n`,
  );
}
