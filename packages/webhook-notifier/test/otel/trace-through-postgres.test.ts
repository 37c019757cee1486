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

it('links each fan-out attempt of a send to the span that sent it', async () => {
  const receiver = await startStatusReceiver();
  closers.push(() => receiver.close());
  await postgres.db.deleteFrom('webhook_attempts').execute();
  await postgres.db.deleteFrom('webhook_deliveries').execute();
  await postgres.db.deleteFrom('webhook_messages').execute();
  sdk.spans.reset();
  const notifier = createNotifier({
    store: createKyselyStore(postgres.db),
    ssrf: { allow: ['127.0.0.1'] },
    traceparent: currentTraceparent,
  });
  closers.push(() => notifier.stop());
  instrumentNotifier(notifier, { tracerProvider: sdk.tracerProvider, meterProvider: false });
  for (const path of ['a', 'b']) {
    await notifier.endpoints.create({
      tenant: 'acme',
      url: `${receiver.origin}/200/${path}`,
      secrets: generateSecret(),
    });
  }

  const tracer = sdk.tracerProvider.getTracer('the-app');
  const request = await tracer.startActiveSpan('PATCH /api/tasks/7', async (span) => {
    const receipt = await notifier.send({
      tenant: 'acme',
      eventType: 'task.updated',
      payload: { task_id: 7 },
    });
    span.end();
    expect(receipt.deliveries).toHaveLength(2);
    return span.spanContext();
  });
  expect(await notifier.runOnce()).toMatchObject({ delivered: 2 });

  const attempts = sdk.spans.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);
  expect(attempts.map((span) => span.links.map((link) => link.context.spanId))).toEqual([
    [request.spanId],
    [request.spanId],
  ]);
});
