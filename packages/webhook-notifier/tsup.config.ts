import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    kysely: 'src/kysely/index.ts',
    // The operator's command: its own entry, so only it loads commander and the output libraries.
    cli: 'src/cli/index.ts',
    bin: 'src/cli/bin.ts',
    // Optional OpenTelemetry instrumentation: only this entry imports @opentelemetry/api.
    otel: 'src/otel/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  external: ['@dramarelay/receiver-verify', 'undici', 'kysely', 'pg', '@opentelemetry/api'],
});
