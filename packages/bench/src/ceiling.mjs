// Row 1: the machine's limit. The same signed 1 KiB body POSTed over and over with undici
// (one Agent, 64 connections, 64 requests in flight) to the receiver process. No database,
// no signing per request: what any delivery loop with this client could reach at best.
import { sign } from '@dramarelay/receiver-verify';
import { Agent } from 'undici';
import { childInput, mark, sendResult } from './child.mjs';
import { BODY_BYTES, CONCURRENCY, payloadOf, SECRET } from './fixtures.mjs';
import { createMeter, createRssSampler } from './meter.mjs';

const { port, total, warmup } = childInput();
const origin = `http://127.0.0.1:${port}`;
const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 4000 });
const body = Buffer.from(JSON.stringify(payloadOf(0)));
if (body.byteLength !== BODY_BYTES) throw new Error(`body is ${body.byteLength} bytes`);
const signed = await sign({ id: 'msg_ceiling', timestamp: new Date(), body, secrets: SECRET });
const headers = {
  ...signed,
  'content-type': 'application/json',
  'user-agent': 'dramarelay-bench',
  'webhook-attempt': '1',
};

const rss = createRssSampler();
const meter = createMeter({
  total,
  warmup,
  onWarm: () => mark('warm'),
  onDone: () => mark('done'),
});
let issued = 0;
let failures = 0;
const lane = async () => {
  while (issued < total) {
    issued++;
    const response = await agent.request({ origin, path: '/hook', method: 'POST', headers, body });
    await response.body.dump();
    if (response.statusCode !== 204) failures++;
    meter.complete();
  }
};
await Promise.all(Array.from({ length: CONCURRENCY }, lane));
const summary = meter.summary();
await agent.close();
await sendResult({ ...summary, failures, rss: rss.stop() });
