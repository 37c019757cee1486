import { generateSecret } from '@dramarelay/receiver-verify';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, expect, it } from 'vitest';
import { createNotifier } from '../../src/index.js';
import { createKyselyStore } from '../../src/kysely/index.js';
import { currentTraceparent, instrumentNotifier } from '../../src/otel/index.js';
import { connect, usePostgres } from '../kysely/support/postgres.js';
import { useOtelSdk } from './support/otel-sdk.js';
import { startStatusReceiver } from './support/status-receiver.js';

const postgres = usePostgres();
const sdk = useOtelSdk();
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

it('links the attempt made by another notifier, over its own connections, to the span that enqueued', async () => {
  const receiver = await startStatusReceiver();
  closers.push(() => receiver.close());
  // The web process: enqueues inside a request's span and delivers nothing.
  const web = createNotifier({
    store: createKyselyStore(postgres.db),
    ssrf: { allow: ['127.0.0.1'] },
    traceparent: currentTraceparent,
  });
  // The worker process: its own pool; the database is all the two share.
  const workerDb = connect(postgres.database.connectionString);
  closers.push(() => workerDb.destroy());
  const worker = createNotifier({
    store: createKyselyStore(workerDb),
    ssrf: { allow: ['127.0.0.1'] },
  });
  closers.push(() => worker.stop());
  instrumentNotifier(worker, { tracerProvider: sdk.tracerProvider, meterProvider: false });

  const tracer = sdk.tracerProvider.getTracer('the-app');
  const request = await tracer.startActiveSpan('POST /api/tasks', async (span) => {
    await web.enqueue({
      endpoint: { url: `${receiver.origin}/200/hook`, secrets: generateSecret() },
      eventType: 'task.completed',
      payload: { task_id: 42 },
    });
    span.end();
    return span.spanContext();
  });
  expect(await worker.runOnce()).toMatchObject({ delivered: 1 });

  const [attempt] = sdk.spans.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);
  expect(attempt?.links.map((link) => link.context)).toEqual([
    { traceId: request.traceId, spanId: request.spanId, traceFlags: 1, isRemote: true },
  ]);
  const stored = await postgres.db
    .selectFrom('webhook_messages')
    .select('traceparent')
    .executeTakeFirstOrThrow();
  expect(stored.traceparent).toBe(`00-${request.traceId}-${request.spanId}-01`);
});
