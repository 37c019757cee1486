import { readFileSync } from 'node:fs';
import { metrics, SpanKind, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as publicApi from '../../src/index.js';
import * as otelApi from '../../src/otel/index.js';
import { createFakeTransport, response } from '../support/fake-transport.js';
import { AsyncFunction, notifiersOver } from '../support/readme-code.js';
import { useOtelSdk } from './support/otel-sdk.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const example = /## OpenTelemetry[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;
const IMPORTS = /^import \{[^}]+\} from '[^']+';\n/gm;

const sdk = useOtelSdk();
beforeAll(() => {
  trace.setGlobalTracerProvider(sdk.tracerProvider);
  metrics.setGlobalMeterProvider(sdk.meterProvider);
});
afterAll(() => {
  trace.disable();
  metrics.disable();
});

describe('README: OpenTelemetry', () => {
  it('runs as written: the attempt span links to the span that enqueued, and the delivery is counted', async () => {
    const transport = createFakeTransport(() => response(204));
    const { createNotifier, notifiers } = notifiersOver(transport);
    const run = new AsyncFunction(
      'createNotifier',
      'MemoryStore',
      'currentTraceparent',
      'instrumentNotifier',
      'trace',
      example.replace(IMPORTS, ''),
    );

    await run(
      createNotifier,
      publicApi.MemoryStore,
      otelApi.currentTraceparent,
      otelApi.instrumentNotifier,
      trace,
    );
    await transport.waitForRequests(1);
    await notifiers[0]!.stop();

    const spans = sdk.spans.getFinishedSpans();
    const enqueuer = spans.find((span) => span.name === 'POST /orders')!;
    const attempt = spans.find((span) => span.kind === SpanKind.CLIENT)!;
    expect(attempt.attributes['url.full']).toBe('https://hooks.example.com/orders');
    expect(attempt.links[0]?.context.spanId).toBe(enqueuer.spanContext().spanId);
    const collected = await sdk.collect();
    expect(collected.get('dramarelay.webhook.deliveries')?.dataPoints[0]?.value).toBe(1);
  });
});
